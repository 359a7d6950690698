# CG603: high-risk processing has no DPIA.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg603

import rego.v1

risk_purposes := {"RiskStratificationCaseFinding", "RiskStratificationPlanning"}

reason(name, activity) := "it processes personal data system-wide" if {
	input.facts.activities[name].personal
	activity.spec.population == "SystemWide"
}

reason(name, activity) := "it is risk stratification (profiling)" if activity.spec.purpose in risk_purposes

reason(name, activity) := "it relies on section 251" if {
	input.lawfulBases[activity.spec.lawfulBasis].spec.commonLawDuty == "Section251"
}

reason(name, activity) := "it matches data from stores of different controllers" if {
	input.facts.activities[name].personal
	input.facts.activities[name].storesOfDifferentControllers
}

deny contains finding if {
	some name, activity in input.activities
	not activity.spec.dpia
	reasons := {r | some r in [reason(name, activity)]}
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
