package mapi

// CompareValues compares two property values of the same type and returns
// -1, 0 or +1.
func CompareValues(a, b PropValue) (int, error) { return 0, errNotYet }
