# CG204: identifiable secondary use relies on implied consent or no common-law route.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg204

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.dataForm == "Identifiable"
	input.facts.activities[name].secondaryUse
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	basis.spec.commonLawDuty in {"ImpliedConsent", "NotApplicable"}
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "lawfulBasis"],
		"message": sprintf("activity %s uses identifiable data for %s on common-law route %s (via %s); implied consent covers individual care only", [name, activity.spec.purpose, basis.spec.commonLawDuty, activity.spec.lawfulBasis]),
		"help": "rely on Section251, CopiRegulations, ExplicitConsent or LegalRequirement, or use pseudonymised data",
	}
}
