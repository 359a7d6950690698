# CG208: a lawful basis past its validUntil is relied on.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg208

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	basis.spec.validUntil < input.today
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "lawfulBasis"],
		"message": sprintf("activity %s relies on lawful basis %s, which lapsed on %s", [name, activity.spec.lawfulBasis, basis.spec.validUntil]),
		"help": "renew the support (e.g. section 251 annual review) and update validUntil, or stop the activity",
	}
}
