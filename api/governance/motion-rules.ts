/**
 * The SQL expression of what a motion is counted under (motion.rules, read by tally.ts's MotionRules),
 * from the constitution `c` and the register as it stands at `at`: the voting basis, quorum, board term,
 * the kind's majority, and each class's weight and electorate (members entered before `at`, not left; for
 * an election only the class electing). Written in the motion's own INSERT so the snapshot and opened_at agree.
 */
export function rulesSnapshot(p: { kind: string; electionClass: string; at: string }): string {
  return `jsonb_build_object(
    'votingBasis', c.voting_basis,
    'quorumPercent', c.quorum_percent,
    'boardTermMonths', c.board_term_months,
    'majority', CASE ${p.kind}
      WHEN 'ORDINARY_RESOLUTION' THEN jsonb_build_object('rule', 'MORE_THAN', 'percent', c.ordinary_majority_percent)
      WHEN 'SPECIAL_RESOLUTION' THEN jsonb_build_object('rule', 'AT_LEAST', 'percent', c.special_majority_percent) END,
    'classes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'memberClass', r.member_class,
        'weightPercent', CASE WHEN c.voting_basis = 'WEIGHTED_BY_CLASS' THEN r.vote_weight_percent END,
        'electorate', (SELECT count(*) FROM co_op_member m WHERE m.provider_id = c.provider_id
                         AND m.member_class = r.member_class AND m.left_at IS NULL AND m.entered_at < ${p.at})
      ) ORDER BY r.member_class), '[]'::jsonb)
      FROM co_op_class_rule r
     WHERE r.provider_id = c.provider_id
       AND (${p.electionClass}::member_class IS NULL OR r.member_class = ${p.electionClass}::member_class)))`;
}
