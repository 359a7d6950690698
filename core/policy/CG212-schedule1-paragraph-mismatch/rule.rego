# CG212: the Schedule 1 paragraph does not match the Article 9 condition.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg212

import rego.v1

expected := {
	"HealthOrSocialCare": "Part 1 paragraph 2",
	"PublicHealth": "Part 1 paragraph 3",
	"Research": "Part 1 paragraph 4",
}

deny contains finding if {
	some name, basis in input.lawfulBases
	want := expected[basis.spec.article9]
	basis.spec.dpa2018Schedule1 != want
	finding := {
		"resource": {"kind": "LawfulBasis", "name": name},
		"path": ["spec", "dpa2018Schedule1"],
		"message": sprintf("%s does not match Article 9 %s, which needs %s", [basis.spec.dpa2018Schedule1, basis.spec.article9, want]),
		"help": sprintf("cite %s", [want]),
	}
}

deny contains finding if {
	some name, basis in input.lawfulBases
	basis.spec.article9 == "SubstantialPublicInterest"
	basis.spec.dpa2018Schedule1 # a missing condition is CG203's finding
	not part2_paragraph_6_to_28(basis.spec.dpa2018Schedule1)
	finding := {
		"resource": {"kind": "LawfulBasis", "name": name},
		"path": ["spec", "dpa2018Schedule1"],
		"message": sprintf("%s does not match Article 9 SubstantialPublicInterest, which needs a Part 2 paragraph from 6 to 28", [basis.spec.dpa2018Schedule1]),
		"help": "cite the Part 2 condition relied on, e.g. \"Part 2 paragraph 6\" (statutory purposes) or \"Part 2 paragraph 18\" (safeguarding)",
	}
}

part2_paragraph_6_to_28(text) if {
	startswith(text, "Part 2 paragraph ")
	n := to_number(substring(text, 17, -1))
	n >= 6
	n <= 28
}
