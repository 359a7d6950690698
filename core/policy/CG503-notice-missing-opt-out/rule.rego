# CG503: no notice covers the national data opt-out.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg503

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	some act in facts.activitiesControlled
	activity := input.activities[act]
	activity.spec.dataForm == "Identifiable"
	input.facts.activities[act].secondaryUse
	not "NationalDataOptOut" in facts.noticeCovers
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": [],
		"message": sprintf("%s controls secondary use of identifiable data (%s) but none of its notices covers the national data opt-out", [org, act]),
		"help": "describe in a notice how the national data opt-out is applied (covers: NationalDataOptOut)",
	}
}
