package mapi

// Evaluate reports whether o satisfies r ([MS-OXCDATA] 2.12).
func Evaluate(r Restriction, o Object) (bool, error) { return false, errNotYet }
