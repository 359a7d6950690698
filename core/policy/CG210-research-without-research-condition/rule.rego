# CG210: research on personal data has neither Article 9 Research nor explicit consent.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg210

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose == "Research"
	input.facts.activities[name].personal
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	not basis.spec.article9 in {"Research", "ExplicitConsent"}
	finding := {
		"resource": {"kind": "LawfulBasis", "name": activity.spec.lawfulBasis},
		"path": ["spec", "article9"],
		"message": sprintf("research activity %s relies on %s, whose Article 9 condition is %s, not Research or ExplicitConsent", [name, activity.spec.lawfulBasis, object.get(basis.spec, "article9", "absent")]),
		"help": "use a basis with article9: Research (DPA 2018 Sch 1 Part 1 paragraph 4) or ExplicitConsent",
	}
}
