# CG205: section 251 or COPI regulation 2 secondary use without the national data opt-out.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg205

import rego.v1

needs_opt_out(basis) if basis.spec.commonLawDuty == "Section251"

needs_opt_out(basis) if {
	basis.spec.commonLawDuty == "CopiRegulations"
	basis.spec.copiRegulation == "Regulation2"
}

deny contains finding if {
	some name, activity in input.activities
	input.facts.activities[name].secondaryUse
	basis := input.lawfulBases[activity.spec.lawfulBasis]
	needs_opt_out(basis)
	not activity.spec.nationalDataOptOut in {"Applied", "Exempt"}
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "nationalDataOptOut"],
		"message": sprintf("activity %s is secondary use under %s but does not apply the national data opt-out", [name, basis.spec.commonLawDuty]),
		"help": "set nationalDataOptOut: Applied, or Exempt with nationalDataOptOutExemption {reason, reference}",
	}
}
