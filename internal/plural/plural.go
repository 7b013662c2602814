package plural

import (
	"strconv"
	"strings"
)

// Count returns n and the noun, in the plural unless n is 1: Count(1,
// "rule") is "1 rule", Count(2, "rule-event verdict") "2 rule-event
// verdicts".
func Count(n int, noun string) string {
	return strconv.Itoa(n) + " " + Noun(n, noun)
}

// Noun returns the noun in the plural unless n is 1. The last word takes the
// regular English plural: -s, -es after s, x, z, ch and sh, -ies for a y after
// a consonant.
func Noun(n int, noun string) string {
	if n == 1 || noun == "" {
		return noun
	}
	switch {
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "z"),
		strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}
