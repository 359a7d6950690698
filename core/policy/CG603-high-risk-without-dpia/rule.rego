# CG603: high-risk processing has no DPIA.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg603

import rego.v1

risk_purposes := {"RiskStratificationCaseFinding", "RiskStratificationPlanning"}

# Each reason is a comprehension that is empty unless it applies, so that
# several reasons can hold at once (a function with several definitions
# giving different values for the same activity would be a conflict).
deny contains finding if {
	some name, activity in input.activities
	not activity.spec.dpia
	facts := input.facts.activities[name]
	system_wide := {"it processes personal data system-wide" |
		facts.personal
		activity.spec.population == "SystemWide"
	}
	profiling := {"it is risk stratification (profiling)" | activity.spec.purpose in risk_purposes}
	s251 := {"it relies on section 251" |
		input.lawfulBases[activity.spec.lawfulBasis].spec.commonLawDuty == "Section251"
	}
	matching := {"it matches data from stores of different controllers" |
		facts.personal
		facts.storesOfDifferentControllers
	}
	reasons := ((system_wide | profiling) | s251) | matching
	count(reasons) > 0
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "dpia"],
		"message": sprintf("activity %s is high-risk processing (%s) and has no DPIA of its own", [name, concat("; ", reasons)]),
		"help": "complete a DPIA (Article 35) and record spec.dpia {reference, completedOn, reviewDue}",
	}
}

deny contains finding if {
	some name, store in input.dataStores
	input.facts.dataStores[name].personal
	not store.spec.dpia
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "dpia"],
		"message": sprintf("store %s holds personal data and has no DPIA", [name]),
		"help": "complete a DPIA for the store and record spec.dpia {reference, completedOn, reviewDue}",
	}
}
