# The marking of unit CS-EXC-04 by Rules/exceeding-expectations.rules (version 1.1.5, with the
# definitions it imports from Rules/customer-service-common.rules), written in jq for the
# benchmark in Tests/benchmarks/run-jq-benchmark.sh.
#
# Input: a stream of evidence/1 submissions (NDJSON or one per file). Output (jq -r): one line
# "LEARNER,GRADE" per submission. It marks valid evidence only: the evidence checks mark makes
# (types, required fields, real dates, known kinds) are not repeated here.

def verified: .verified_by.signed and .verified_by.role != "learner";
def current($s): .date >= $s.started and .date <= $s.submitted;
def valid($s): verified and current($s);
def one_of($list): . as $x | any($list[]; . == $x);
def needs: (.needs // [])[];
def actions: (.actions // [])[];
def found_by: (.found_by // [])[];

# An observation counts only when the recorder judged it careful (observed_carefully).
def uncovers_unstated:
  any(needs; . as $n | (.stated | not)
    and any(found_by; one_of(["open_question", "probing_question", "active_listening"])
      or (. == "observation" and ($n.observed_carefully // false))));
def questioning_uncovers_unstated:
  any(needs; (.stated | not) and any(found_by; one_of(["open_question", "probing_question"])));
def observation_uncovers_unstated:
  any(needs; (.stated | not) and (.observed_carefully // false) and any(found_by; . == "observation"));
def extra_mile: any(actions; .beyond_standard);
def personalised_follow_up: (.follow_up.personalised // false) and (.follow_up.refers_to_previous // false);
def timely_personal_follow_up($s):
  personalised_follow_up
  and (.follow_up.date // .date) >= .date
  and (.follow_up.date // .date) <= $s.submitted;
def independent: (.kind | one_of(["observation", "witness_testimony", "customer_feedback"])) and verified;
def satisfied: (.outcome.csat // 0) >= 8 or (.outcome.appreciated // false);
def offers_tangible_value: any(actions; (.adds_value // false) and (.tangible // false));
def words: [splits("\\s+") | select(length > 0)] | length;
def resolved_issue: .issue.resolved // false;
def satisfaction_rose: (.outcome.csat // 0) > (.issue.satisfaction_before // 10);
def initiative_resolving_issue:
  resolved_issue
  and any(actions; .beyond_standard and (.on_own_initiative // false) and ((.rationale // "") | words) >= 5);
def adapts_beyond_standard:
  (.communication.adapted // false) and .communication.customer_preference != null
  and (.communication.beyond_standard // false);

# A verdict: 2 met, 1 partially met, 0 not met.
def verdict($met; $partial): if $met then 2 elif $partial then 1 else 0 end;
def marks($verdict; $met; $partial): if $verdict == 2 then $met elif $verdict == 1 then $partial else 0 end;

. as $s
| [.items[] | select(valid($s))] as $valid
| ([$valid[] | select(uncovers_unstated) | .date] | unique | length) as $found
| verdict($found >= 2 and any($valid[]; observation_uncovers_unstated) and any($valid[]; questioning_uncovers_unstated); $found >= 1)
    as $unspoken_requirements
| ([$valid[] | select(initiative_resolving_issue)] | length) as $justified
| verdict($justified >= 1; false) as $initiative_beyond_procedure
| ([$valid[] | select(timely_personal_follow_up($s))] | length) as $personal
| verdict($personal >= 2; $personal == 1) as $personalised_communication
| verdict($found >= 2; $found == 1) as $unstated_needs
| ([$valid[] | select(offers_tangible_value)] | length) as $offers
| verdict($offers >= 2; $offers == 1) as $additional_assistance
| ([$valid[] | select(adapts_beyond_standard)] | length) as $adapted
| verdict($adapted >= 1; false) as $adapted_style
| ([.items[] | select(independent and current($s) and extra_mile and satisfied
    and (.issue.took_ownership // false) and resolved_issue and satisfaction_rose)] | length) as $owned
| verdict($owned >= 2; $owned == 1) as $verified_ownership
| ( marks($unspoken_requirements; 4; 2) + marks($initiative_beyond_procedure; 4; 0)
  + marks($personalised_communication; 4; 0) + marks($unstated_needs; 4; 2)
  + marks($additional_assistance; 4; 0) + marks($adapted_style; 4; 0)
  + marks($verified_ownership; 4; 0) ) as $total
# Grading: the floor on unstated_needs, then each grade in turn while its rule holds.
| ( if $unstated_needs < 1 then "Referral"
    elif ($unspoken_requirements < 2 or $initiative_beyond_procedure < 2 or $unstated_needs < 2 or $total < 12) then "Referral"
    elif ($total < 18 or $personalised_communication < 1) then "Pass"
    elif ($total < 24 or $verified_ownership < 2) then "Merit"
    else "Distinction" end ) as $grade
| "\(.learner.id),\($grade)"
