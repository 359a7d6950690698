# CG214: the national data opt-out is applied where explicit consent is the route.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg214

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.nationalDataOptOut == "Applied"
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	basis.spec.commonLawDuty == "ExplicitConsent"
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "nationalDataOptOut"],
		"message": sprintf("activity %s applies the national data opt-out although its common-law route is explicit consent, which overrides the opt-out", [name]),
		"help": "set nationalDataOptOut: NotApplicable (or Exempt with the consent recorded as the reason)",
	}
}
