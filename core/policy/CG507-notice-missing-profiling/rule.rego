# CG507: no notice describes risk-stratification profiling.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg507

import rego.v1

profiling := {"RiskStratificationCaseFinding", "RiskStratificationPlanning"}

deny contains finding if {
	some org, facts in input.facts.organisations
	some act in facts.activitiesControlled
	input.activities[act].spec.purpose in profiling
	not "Profiling" in facts.noticeCovers
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": [],
		"message": sprintf("%s controls risk stratification (%s), which is profiling, but none of its notices covers profiling", [org, act]),
		"help": "describe the profiling and the right to object in a notice (covers: Profiling)",
	}
}
