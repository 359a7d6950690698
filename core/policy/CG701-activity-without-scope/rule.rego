# CG701: an activity names no service scope.
package caregov.rules.cg701

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	count(object.get(activity.spec, "serviceScopes", [])) == 0
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "serviceScopes"],
		"message": sprintf("activity %q names no service scope", [name]),
		"help": "list the service scopes it covers, from AcuteAndUrgentCare, SpecialisedServices, CommunityAndOutOfHospitalCare, MentalHealthAndLearningDisabilities, PrimaryCare, PublicHealth and SocialCare",
	}
}
