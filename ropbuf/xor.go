package ropbuf

// XorMagic is the byte with which [MS-OXCRPC] 3.1.7.2.2 obfuscates an
// extended buffer's payload when the XorMagic flag is set.
const XorMagic = 0xA5

// Obfuscate XORs every byte of b with XorMagic in place; applying it twice
// restores b ([MS-OXCRPC] 3.1.7.2.2).
func Obfuscate(b []byte) {
	for i := range b {
		b[i] ^= XorMagic
	}
}
