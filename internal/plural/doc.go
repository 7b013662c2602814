// Package plural writes counts in English: "1 rule", "2 rules", "0 matches".
// Every message that counts something goes through it, so that none says
// "1 rules".
package plural
