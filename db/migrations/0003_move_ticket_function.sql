-- A board move in one round trip (the hot path of a live board): lock the ticket, move it,
-- record its activity and audit entry, then lock the board, re-check the target column (it
-- may have been deleted or filled to its WIP limit since the caller read it), append the
-- board event and queue its notification. Lock order: ticket row first, board row last.
-- The caller (server/services/tickets/move-ticket.ts) computes the rank and maps the
-- AL4xx error codes to API errors; a rank taken concurrently raises the unique index's
-- 23505 and the caller retries with a fresh rank.
CREATE OR REPLACE FUNCTION al_move_ticket(
  p_tenant_id bigint, p_ticket_id bigint, p_board_id bigint, p_column_key text, p_rank text,
  p_actor_id bigint, p_audit jsonb, p_channel text
) RETURNS TABLE (
  from_column_key text, event_id bigint, id bigint, number integer, key text, title text, column_key text, rank text,
  priority text, labels jsonb, ci_status text, assignee_id bigint, assignee_login text, assignee_avatar_url text,
  board_id bigint, project_id bigint, archived_at timestamptz, updated_at timestamptz
) LANGUAGE plpgsql AS $$
DECLARE
  v_from text;
  v_archived timestamptz;
  v_column jsonb;
  v_limit int;
  v_count int;
  v_event bigint;
BEGIN
  SELECT t.column_key, t.archived_at INTO v_from, v_archived
    FROM tickets t WHERE t.id = p_ticket_id AND t.tenant_id = p_tenant_id AND t.board_id = p_board_id FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'ticket % not found', p_ticket_id USING ERRCODE = 'AL404'; END IF;
  IF v_archived IS NOT NULL THEN RAISE EXCEPTION 'ticket % is archived', p_ticket_id USING ERRCODE = 'AL400'; END IF;
  UPDATE tickets t SET column_key = p_column_key, status = p_column_key, rank = p_rank, updated_at = now() WHERE t.id = p_ticket_id;
  IF v_from <> p_column_key THEN
    INSERT INTO ticket_activity (tenant_id, ticket_id, actor_id, kind, data)
      VALUES (p_tenant_id, p_ticket_id, p_actor_id, 'moved', jsonb_build_object('from', v_from, 'to', p_column_key));
  END IF;
  IF p_audit IS NOT NULL THEN
    INSERT INTO audit_log (tenant_id, actor_user_id, actor_api_key_id, action, target_type, target_id, before, after, request_id)
      VALUES (p_tenant_id, (p_audit->>'actorUserId')::bigint, (p_audit->>'actorApiKeyId')::bigint, 'tickets.move', 'tickets',
              p_ticket_id::text, jsonb_build_object('columnKey', v_from), p_audit->'after', p_audit->>'requestId');
  END IF;
  SELECT c INTO v_column FROM boards b, jsonb_array_elements(b.columns_json) c
    WHERE b.id = p_board_id AND c->>'key' = p_column_key FOR UPDATE OF b;
  IF v_column IS NULL THEN RAISE EXCEPTION 'column % is gone', p_column_key USING ERRCODE = 'AL409'; END IF;
  v_limit := nullif(v_column->>'wipLimit', '')::int;
  IF v_from <> p_column_key AND v_limit > 0 THEN
    SELECT count(*) INTO v_count FROM tickets t
      WHERE t.board_id = p_board_id AND t.column_key = p_column_key AND t.archived_at IS NULL;
    IF v_count > v_limit THEN
      RAISE EXCEPTION 'column % is at its WIP limit', p_column_key USING ERRCODE = 'AL412';
    END IF;
  END IF;
  INSERT INTO board_events (tenant_id, board_id, ticket_id, kind, actor_id)
    VALUES (p_tenant_id, p_board_id, p_ticket_id, 'moved', p_actor_id) RETURNING board_events.id INTO v_event;
  PERFORM pg_notify(p_channel, json_build_object('topic', 'board:' || p_board_id, 'boardEventId', v_event)::text);
  RETURN QUERY
    SELECT v_from, v_event, t.id, t.number, p.key || '-' || t.number, t.title, t.column_key, t.rank::text, t.priority, t.labels,
           t.ci_status, u.id, u.login, u.avatar_url, t.board_id, t.project_id, t.archived_at, t.updated_at
      FROM tickets t JOIN projects p ON p.id = t.project_id LEFT JOIN users u ON u.id = t.assignee_id
     WHERE t.id = p_ticket_id;
END $$;
