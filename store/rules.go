package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/mapi"
)

// RuleStore is the capability of a Mailbox that keeps a rules table per
// folder: the standard server-side rules of [MS-OXORULE] 2.2.1 that
// RopModifyRules writes and RopGetRulesTable reads, and that EWS
// UpdateInboxRules/GetInboxRules map onto. Running the rules at delivery
// is not the store's business (see package store/rules).
type RuleStore interface {
	// Rules returns the rules of folder fid in increasing Sequence order
	// (rules of equal Sequence by increasing ID). A folder without rules
	// has an empty table; a missing folder is ErrNotFound.
	Rules(ctx context.Context, fid FID) ([]Rule, error)
	// ModifyRules applies changes to fid's rules table in one atomic
	// step, as RopModifyRules does ([MS-OXORULE] 2.2.1.1): with replace
	// (ModifyRulesFlag R) the existing rules are dropped first and every
	// change must be RuleAdd. It returns the IDs the store gave the added
	// rules, in the order of the RuleAdd changes. An invalid change
	// (see ApplyRuleChanges) fails the whole call and changes nothing.
	ModifyRules(ctx context.Context, fid FID, replace bool, changes []RuleChange) ([]uint64, error)
}

// MaxRulesPerFolder bounds a folder's rules table: a change that would
// leave more rules is ErrQuotaExceeded. [MS-OXORULE] 3.2.5.1 lets a server
// restrict the number of rules it runs; Exchange's limit is a byte quota
// (64 KiB by default), which is reached well before this count.
const MaxRulesPerFolder = 256

// RuleState is PidTagRuleState, a set of ST_ flags ([MS-OXORULE]
// 2.2.1.3.1.3).
type RuleState uint32

// Flags of PidTagRuleState ([MS-OXORULE] 2.2.1.3.1.3).
const (
	RuleEnabled       RuleState = 0x00000001 // ST_ENABLED
	RuleError         RuleState = 0x00000002 // ST_ERROR, set by the server only
	RuleOnlyWhenOOF   RuleState = 0x00000004 // ST_ONLY_WHEN_OOF
	RuleKeepOOFHist   RuleState = 0x00000008 // ST_KEEP_OOF_HIST
	RuleExitLevel     RuleState = 0x00000010 // ST_EXIT_LEVEL
	RuleSkipIfSCLSafe RuleState = 0x00000020 // ST_SKIP_IF_SCL_IS_SAFE
	RuleParseError    RuleState = 0x00000040 // ST_RULE_PARSE_ERROR, set by the server only
)

// Rule is a row of a folder's rules table: the properties of a standard
// rule ([MS-OXORULE] 2.2.1.3.1).
type Rule struct {
	// ID is PidTagRuleId, given by the store when the rule is added.
	ID uint64
	// Sequence is PidTagRuleSequence: rules run in increasing order.
	Sequence uint32
	// State is PidTagRuleState.
	State RuleState
	// Name is PidTagRuleName.
	Name string
	// Provider is PidTagRuleProvider: the client that owns the rule
	// ("RuleOrganizer" for Outlook's and EWS's rules).
	Provider string
	// Level is PidTagRuleLevel (unused, 0).
	Level uint32
	// UserFlags is PidTagRuleUserFlags, opaque to the server.
	UserFlags uint32
	// ProviderData is PidTagRuleProviderData, opaque to the server.
	ProviderData []byte
	// Condition is PidTagRuleCondition; nil when the rule has none.
	Condition mapi.Restriction
	// Actions is PidTagRuleActions.
	Actions mapi.RuleActions
}

// RuleOp is the RuleDataFlags of a RuleData structure ([MS-OXORULE]
// 2.2.1.3).
type RuleOp uint8

// RuleDataFlags values ([MS-OXORULE] 2.2.1.3).
const (
	RuleAdd    RuleOp = 0x01 // ROW_ADD
	RuleModify RuleOp = 0x02 // ROW_MODIFY
	RuleRemove RuleOp = 0x04 // ROW_REMOVE
)

// String returns "ROW_ADD", "ROW_MODIFY", "ROW_REMOVE" or "RuleOp(0x08)".
func (op RuleOp) String() string {
	switch op {
	case RuleAdd:
		return "ROW_ADD"
	case RuleModify:
		return "ROW_MODIFY"
	case RuleRemove:
		return "ROW_REMOVE"
	}
	return fmt.Sprintf("RuleOp(0x%02X)", uint8(op))
}

// RuleChange is one RuleData structure ([MS-OXORULE] 2.2.1.3): an
// operation and the rule properties it carries. RuleAdd must not carry
// PidTagRuleId (R53); RuleModify and RuleRemove must (R54). RuleModify
// sets the properties given and keeps the others.
type RuleChange struct {
	Op    RuleOp
	Props []mapi.PropValue
}

// Props returns the rule as the properties of a rules table row, in the
// order of [MS-OXORULE] 2.2.1.3.1 (PidTagRuleCondition only when set).
func (r *Rule) Props() []mapi.PropValue {
	ps := []mapi.PropValue{
		{Tag: mapi.PidTagRuleId, Value: int64(r.ID)},
		{Tag: mapi.PidTagRuleSequence, Value: int32(r.Sequence)},
		{Tag: mapi.PidTagRuleState, Value: int32(r.State)},
		{Tag: mapi.PidTagRuleName, Value: r.Name},
		{Tag: mapi.PidTagRuleProvider, Value: r.Provider},
		{Tag: mapi.PidTagRuleLevel, Value: int32(r.Level)},
		{Tag: mapi.PidTagRuleUserFlags, Value: int32(r.UserFlags)},
		{Tag: mapi.PidTagRuleProviderData, Value: nonNilBytes(r.ProviderData)},
	}
	if r.Condition != nil {
		ps = append(ps, mapi.PropValue{Tag: mapi.PidTagRuleCondition, Value: r.Condition})
	}
	return append(ps, mapi.PropValue{Tag: mapi.PidTagRuleActions, Value: r.Actions})
}

func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// set sets one property of r. PidTagRuleId is not settable here.
func (r *Rule) set(p mapi.PropValue) error {
	bad := func() error {
		return fmt.Errorf("store: rule property %v: value %T does not match: %w", p.Tag, p.Value, ErrInvalidArgument)
	}
	u32 := func(dst *uint32) error {
		v, ok := p.Value.(int32)
		if !ok {
			return bad()
		}
		*dst = uint32(v)
		return nil
	}
	switch p.Tag.ID() {
	case mapi.PidTagRuleSequence.ID():
		return u32(&r.Sequence)
	case mapi.PidTagRuleState.ID():
		var s uint32
		if err := u32(&s); err != nil {
			return err
		}
		// R66, R77: ST_ERROR and ST_RULE_PARSE_ERROR set by a client are
		// ignored.
		r.State = RuleState(s) &^ (RuleError | RuleParseError)
	case mapi.PidTagRuleName.ID(), mapi.PidTagRuleProvider.ID():
		v, ok := p.Value.(string)
		if !ok {
			return bad()
		}
		if p.Tag.ID() == mapi.PidTagRuleName.ID() {
			r.Name = v
		} else {
			r.Provider = v
		}
	case mapi.PidTagRuleLevel.ID():
		return u32(&r.Level)
	case mapi.PidTagRuleUserFlags.ID():
		return u32(&r.UserFlags)
	case mapi.PidTagRuleProviderData.ID():
		v, ok := p.Value.([]byte)
		if !ok {
			return bad()
		}
		r.ProviderData = slices.Clone(v)
	case mapi.PidTagRuleCondition.ID():
		v, ok := p.Value.(mapi.Restriction)
		if !ok {
			return bad()
		}
		// The depth limit of the codecs: a stored condition must encode.
		if _, err := mapi.AppendRestriction16(nil, v); err != nil {
			return fmt.Errorf("store: rule condition: %v: %w", err, ErrInvalidArgument)
		}
		r.Condition = v
	case mapi.PidTagRuleActions.ID():
		v, ok := p.Value.(mapi.RuleActions)
		if !ok {
			return bad()
		}
		if _, err := mapi.AppendPropertyValue16(nil, mapi.PtypRuleAction, v); err != nil {
			return fmt.Errorf("store: rule actions: %v: %w", err, ErrInvalidArgument)
		}
		r.Actions = v
	default:
		// R39: only the properties of a standard rule.
		return fmt.Errorf("store: %v is not a property of a standard rule: %w", p.Tag, ErrInvalidArgument)
	}
	return nil
}

// ruleID returns the PidTagRuleId among props.
func ruleID(props []mapi.PropValue) (uint64, bool) {
	for _, p := range props {
		if p.Tag.ID() == mapi.PidTagRuleId.ID() {
			v, ok := p.Value.(int64)
			return uint64(v), ok
		}
	}
	return 0, false
}

// RuleFromProps builds a rule from the properties of a rules table row
// (PidTagRuleId included when present). Unknown properties and values of
// the wrong Go type are ErrInvalidArgument.
func RuleFromProps(props []mapi.PropValue) (Rule, error) {
	var r Rule
	for _, p := range props {
		if p.Tag.ID() == mapi.PidTagRuleId.ID() {
			v, ok := p.Value.(int64)
			if !ok {
				return Rule{}, fmt.Errorf("store: PidTagRuleId value %T: %w", p.Value, ErrInvalidArgument)
			}
			r.ID = uint64(v)
			continue
		}
		if err := r.set(p); err != nil {
			return Rule{}, err
		}
	}
	return r, nil
}

// SortRules sorts rules by Sequence, then ID (the order of Rules).
func SortRules(rules []Rule) {
	slices.SortStableFunc(rules, func(a, b Rule) int {
		if a.Sequence != b.Sequence {
			if a.Sequence < b.Sequence {
				return -1
			}
			return 1
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}

// ApplyRuleChanges computes a folder's new rules table from its current
// one, as RuleStore.ModifyRules specifies, for implementations to share.
// newID allocates a rule ID; it is called once per RuleAdd and only
// after every change has been validated, so a failed call allocates
// nothing. It returns the new table (sorted as Rules returns it) and the
// added IDs. Errors wrap ErrInvalidArgument (a malformed change),
// ErrNotFound (RuleModify/RuleRemove of an unknown ID) or
// ErrQuotaExceeded (more than MaxRulesPerFolder rules).
func ApplyRuleChanges(current []Rule, replace bool, changes []RuleChange, newID func() uint64) ([]Rule, []uint64, error) {
	out := slices.Clone(current)
	if replace {
		out = nil
	}
	idx := func(id uint64) int {
		return slices.IndexFunc(out, func(r Rule) bool { return r.ID == id })
	}
	var adds []int // positions in out of added rules, IDs still 0
	for i, ch := range changes {
		id, hasID := ruleID(ch.Props)
		switch {
		case replace && ch.Op != RuleAdd:
			return nil, nil, fmt.Errorf("store: rule change %d: %v with replace: %w", i, ch.Op, ErrInvalidArgument)
		case ch.Op == RuleAdd && hasID:
			return nil, nil, fmt.Errorf("store: rule change %d: ROW_ADD with PidTagRuleId: %w", i, ErrInvalidArgument)
		case ch.Op != RuleAdd && !hasID:
			return nil, nil, fmt.Errorf("store: rule change %d: %v without PidTagRuleId: %w", i, ch.Op, ErrInvalidArgument)
		}
		switch ch.Op {
		case RuleAdd:
			r, err := RuleFromProps(ch.Props)
			if err != nil {
				return nil, nil, fmt.Errorf("store: rule change %d: %w", i, err)
			}
			adds = append(adds, len(out))
			out = append(out, r)
		case RuleModify:
			j := idx(id)
			if j < 0 || id == 0 {
				return nil, nil, fmt.Errorf("store: rule %d: %w", id, ErrNotFound)
			}
			r := out[j]
			for _, p := range ch.Props {
				if p.Tag.ID() == mapi.PidTagRuleId.ID() {
					continue
				}
				if err := r.set(p); err != nil {
					return nil, nil, fmt.Errorf("store: rule change %d: %w", i, err)
				}
			}
			out[j] = r
		case RuleRemove:
			j := idx(id)
			if j < 0 || id == 0 {
				return nil, nil, fmt.Errorf("store: rule %d: %w", id, ErrNotFound)
			}
			out = slices.Delete(out, j, j+1)
			for k := range adds {
				if adds[k] > j {
					adds[k]--
				}
			}
		default:
			return nil, nil, fmt.Errorf("store: rule change %d: RuleDataFlags %v: %w", i, ch.Op, ErrInvalidArgument)
		}
	}
	if len(out) > MaxRulesPerFolder {
		return nil, nil, fmt.Errorf("store: %d rules in one folder (at most %d): %w", len(out), MaxRulesPerFolder, ErrQuotaExceeded)
	}
	ids := make([]uint64, len(adds))
	for k, j := range adds {
		out[j].ID = newID()
		ids[k] = out[j].ID
	}
	SortRules(out)
	return out, ids, nil
}
