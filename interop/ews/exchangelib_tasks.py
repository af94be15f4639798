"""exchangelib against oxkit's EWS endpoint: recurring tasks.

A weekly series with a numbered range is created and read back
(IsRecurring, the pattern and range), completed with Task.complete() (the
occurrence stays as a completed one-off task whose ID UpdateItem returns,
the series moves to its next Monday with one occurrence less), its current
occurrence deleted with AffectedTaskOccurrences SpecifiedOccurrenceOnly
(the series moves on; on the last occurrence the task goes), a daily
regeneration completed (the next occurrence two days after today), and a
series deleted with AllOccurrences.

usage: exchangelib_tasks.py BASE_URL   (https://localhost:PORT)

Every step asserts what the client sees; the first failure exits non-zero.
"""
import datetime
import sys
import uuid

from exchangelib import EWSDate
from exchangelib.errors import ErrorItemNotFound
from exchangelib.items import ALL_OCCURRENCES, SPECIFIED_OCCURRENCE_ONLY, Task
from exchangelib.recurrence import DailyRegeneration, NoEndPattern, NumberedPattern, TaskRecurrence, WeeklyPattern

import exlib
from exlib import check, steps

base = sys.argv[1].rstrip("/")
a1 = exlib.account(exlib.ews_endpoint(base), "user1@example.com", "secret")
token = uuid.uuid4().hex[:8]
MONDAY = 1  # ISO weekday numbers, as exchangelib's WeekdaysField uses


def d(s):
    return EWSDate.from_date(datetime.date.fromisoformat(s))


def gone(item_id):
    """Whether GetItem of item_id fails with ErrorItemNotFound (exchangelib
    returns the error object from folder.get, or raises it)."""
    try:
        got = a1.tasks.get(id=item_id)
    except ErrorItemNotFound:
        return True
    return isinstance(got, ErrorItemNotFound)


# A weekly series: three Mondays from 7 January 2030.
t = Task(account=a1, folder=a1.tasks, subject="weekly report " + token, start_date=d("2030-01-07"), due_date=d("2030-01-08"),
         recurrence=TaskRecurrence(pattern=WeeklyPattern(interval=1, weekdays=[MONDAY]),
                                   boundary=NumberedPattern(start=d("2030-01-07"), number=3)))
t.save()
series_id = t.id
got = a1.tasks.get(id=series_id)
check(got.is_recurring is True, "the created task is recurring")
check(isinstance(got.recurrence.pattern, WeeklyPattern) and list(got.recurrence.pattern.weekdays) == [MONDAY]
      and got.recurrence.pattern.interval == 1, "the weekly pattern reads back: every Monday")
check(isinstance(got.recurrence.boundary, NumberedPattern) and got.recurrence.boundary.number == 3
      and got.recurrence.boundary.start == d("2030-01-07"), "the range reads back: 3 from 2030-01-07")
check(got.start_date == d("2030-01-07") and got.due_date == d("2030-01-08") and got.status == Task.NOT_STARTED,
      "the current occurrence is the first Monday, not started")

# Completing it: the occurrence stays as a completed one-off, the series
# moves to the next Monday.
got.complete()
check(got.id != series_id, "UpdateItem answers with the one-off task's ID")
one = a1.tasks.get(id=got.id)
check(one.status == Task.COMPLETED and one.is_complete and one.percent_complete == 100,
      "the one-off is completed")
check(not one.is_recurring and one.recurrence is None, "the one-off is not recurring")
check(one.start_date == d("2030-01-07") and one.subject == "weekly report " + token, "the one-off keeps the occurrence")
series = a1.tasks.get(id=series_id)
check(series.status == Task.NOT_STARTED and not series.is_complete and series.is_recurring,
      "the series is recurring and not started again")
check(series.start_date == d("2030-01-14") and series.due_date == d("2030-01-15"), "the series moved to the next Monday")
check(series.recurrence.boundary.number == 2 and series.recurrence.boundary.start == d("2030-01-14"),
      "two occurrences remain from 2030-01-14")
check(len(list(a1.tasks.filter(subject="weekly report " + token))) == 2, "the series and the one-off are in Tasks")

# Deleting the current occurrence only: the series moves on.
series.delete(affected_task_occurrences=SPECIFIED_OCCURRENCE_ONLY)
series = a1.tasks.get(id=series_id)
check(series.start_date == d("2030-01-21") and series.recurrence.boundary.number == 1,
      "SpecifiedOccurrenceOnly skipped to the last Monday")
# The last occurrence: deleting it deletes the task.
series.delete(affected_task_occurrences=SPECIFIED_OCCURRENCE_ONLY)
check(gone(series_id), "deleting the last occurrence deletes the series")
check(len(list(a1.tasks.filter(subject="weekly report " + token))) == 1, "the one-off is still there")

# A daily regeneration: the next occurrence is two days after completion.
r = Task(account=a1, folder=a1.tasks, subject="water plants " + token,
         recurrence=TaskRecurrence(pattern=DailyRegeneration(interval=2), boundary=NoEndPattern(start=d("2030-03-01"))))
r.save()
regen_id = r.id
got = a1.tasks.get(id=regen_id)
check(isinstance(got.recurrence.pattern, DailyRegeneration) and got.recurrence.pattern.interval == 2,
      "the regeneration pattern reads back")
check(got.due_date == d("2030-03-01") and got.start_date is None, "its first occurrence is the range start (due date; no start date given)")
today = datetime.datetime.now(datetime.timezone.utc).date()
got.complete()
got = a1.tasks.get(id=regen_id)
want = [EWSDate.from_date(x + datetime.timedelta(days=2)) for x in (today, datetime.datetime.now(datetime.timezone.utc).date())]
check(got.due_date in want and got.status == Task.NOT_STARTED and got.is_recurring,
      "completing it regenerates the task two days after today")

# AllOccurrences deletes the series.
got.delete(affected_task_occurrences=ALL_OCCURRENCES)
check(gone(regen_id), "AllOccurrences deletes the series")

# A single task saved by exchangelib (it sends DeleteItemField for its
# empty fields, task:Recurrence among them) stays single.
s = Task(account=a1, folder=a1.tasks, subject="single " + token, start_date=d("2030-05-01"), due_date=d("2030-05-02"))
s.save()
s.complete()
got = a1.tasks.get(id=s.id)
check(got.status == Task.COMPLETED and not got.is_recurring, "a single task completes in place")
got.delete()
check(gone(s.id), "a single task is deleted (exchangelib sends AllOccurrences)")
for x in a1.tasks.filter(subject__contains=token):
    x.delete()
print(f"exchangelib tasks: {steps()} steps passed")
