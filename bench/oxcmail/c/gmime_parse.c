/* Bare MIME parse of a corpus with GMime 3, looping in-process.
 * Usage: gmime_parse DIR ROUNDS
 * Prints: bytes rounds seconds (CPU time of the parse loop only).
 * "Bare" = g_mime_parser_construct_message plus a walk over every part
 * (GMime parses headers and structure; bodies are not decoded). */
#include <gmime/gmime.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct msg { char *data; size_t len; };

static void count_part(GMimeObject *parent, GMimeObject *part, gpointer user) {
	(void)parent;
	(*(int *)user)++;
	(void)g_mime_object_get_content_type(part);
}

int main(int argc, char **argv) {
	if (argc != 3) { fprintf(stderr, "usage: %s DIR ROUNDS\n", argv[0]); return 2; }
	g_mime_init();
	DIR *d = opendir(argv[1]);
	if (!d) { perror(argv[1]); return 1; }
	struct msg *msgs = NULL; size_t n = 0, cap = 0, total = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".eml")) continue;
		char path[4096]; snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
		FILE *f = fopen(path, "rb"); if (!f) continue;
		fseek(f, 0, SEEK_END); long sz = ftell(f); fseek(f, 0, SEEK_SET);
		char *buf = malloc(sz); if (fread(buf, 1, sz, f) != (size_t)sz) { fclose(f); continue; }
		fclose(f);
		if (n == cap) { cap = cap ? cap * 2 : 1024; msgs = realloc(msgs, cap * sizeof *msgs); }
		msgs[n].data = buf; msgs[n].len = sz; n++; total += sz;
	}
	closedir(d);
	int rounds = atoi(argv[2]);
	long parts = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < n; i++) {
			GMimeStream *s = g_mime_stream_mem_new_with_buffer(msgs[i].data, msgs[i].len);
			GMimeParser *p = g_mime_parser_new_with_stream(s);
			GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
			int cnt = 0;
			if (m) { g_mime_message_foreach(m, count_part, &cnt); g_object_unref(m); }
			parts += cnt;
			g_object_unref(p); g_object_unref(s);
		}
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%zu %d %.6f %ld\n", total, rounds, secs, parts);
	return 0;
}
