# CG213: identifiable research without explicit consent or section 251.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg213

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose == "Research"
	activity.spec.dataForm == "Identifiable"
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	not basis.spec.commonLawDuty in {"ExplicitConsent", "Section251"}
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "lawfulBasis"],
		"message": sprintf("research activity %s uses identifiable data on common-law route %s", [name, basis.spec.commonLawDuty]),
		"help": "seek explicit consent or section 251 support through the HRA's CAG, or use pseudonymised data",
	}
}
