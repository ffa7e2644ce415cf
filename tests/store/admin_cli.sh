#!/usr/bin/env bash
# store.admin_cli: the real porte-admin through every command, with good
# and bad arguments: exit codes (0 done, 1 failed, 2 wrong command line),
# what it prints, and what the SQLite file holds afterwards (sqlite3 CLI).
#
#   tests/store/admin_cli.sh PATH/TO/porte-admin
set -u

ADMIN=${1:?usage: admin_cli.sh PATH/TO/porte-admin}
export TZDIR=${TZDIR:-/usr/share/zoneinfo}
export PORTE_FAST_HASH=${PORTE_FAST_HASH:-1}

dir=$(mktemp -d /tmp/porte-admin-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/porte.db
# The clock: Monday 30 November 2026, 09:00 UTC (10:00 in Paris).
NOW=2026-11-30T09:00:00Z
fails=0
checks=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# run WANT ARGS...: runs porte-admin with ARGS, stdin from $input (empty
# unless set), expects exit status WANT; output in $dir/out, $dir/err.
input=
run() {
	local want=$1 got
	shift
	checks=$((checks + 1))
	printf '%s' "$input" | "$ADMIN" "$@" >"$dir/out" 2>"$dir/err"
	got=$?
	input=
	if [ "$got" -ne "$want" ]; then
		fail "exit $got, want $want: porte-admin $*"
		sed 's/^/    err: /' "$dir/err"
		sed 's/^/    out: /' "$dir/out"
	fi
}

# out TEXT / err TEXT: the last run printed TEXT (a grep -E pattern).
out() {
	checks=$((checks + 1))
	grep -Eq -- "$1" "$dir/out" || fail "stdout lacks '$1'"
}
err() {
	checks=$((checks + 1))
	grep -Eq -- "$1" "$dir/err" || fail "stderr lacks '$1'"
}

# sql QUERY WANT: the database answers WANT.
sql() {
	local got
	checks=$((checks + 1))
	got=$(sqlite3 "$db" "$1" 2>&1)
	[ "$got" = "$2" ] || fail "sql '$1': got '$got', want '$2'"
}

A() {
	run "$@"
}

# --- the command line itself ---------------------------------------
A 2
err 'usage: porte-admin'
A 0 --help
out 'site add'
out 'staff add'
A 0 help
A 2 --db "$db" frobnicate
err "unknown command 'frobnicate'"
A 2 --db "$db" site
err 'site add'
A 2 --bogus
A 2 site list
err 'needs --db|--db FILE'
A 2 --db "$db" --now yesterday init
# Before init: no database, and a clear word about it.
A 1 --db "$db" site list
err 'porte-admin init'
[ -e "$db" ] && fail "a command other than init created the database"

# --- init ------------------------------------------------------------
A 0 --db "$db" init
out 'schema version 2'
A 0 --db "$db" init
A 2 --db "$db" init extra
sql 'PRAGMA user_version' 2
sql 'PRAGMA journal_mode' wal
checks=$((checks + 1))
[ "$(stat -c %a "$db")" = 600 ] || fail "the new database is not private"
sql "SELECT count(*) FROM sqlite_schema WHERE name IN ('sites', 'rooms',
 'bookings', 'events', 'staff', 'devices', 'audit_log', 'mail_queue',
 'outbox_keys', 'enrol_codes', 'sessions', 'site_dates', 'site_messages',
 'rules', 'referents', 'meta')" 16
# A database newer than the program is refused.
cp "$db" "$dir/newer.db"
sqlite3 "$dir/newer.db" 'PRAGMA user_version = 99'
A 1 --db "$dir/newer.db" init
err 'newer'
# Something that is not a Porte database neither.
sqlite3 "$dir/other.db" 'CREATE TABLE t(x)'
A 1 --db "$dir/other.db" init
err 'not a Porte database'

P="--db $db --now $NOW"

# --- sites -----------------------------------------------------------
A 0 $P site add bu --name "BU Lettres" --tz Europe/Paris \
	--hours "sat 09:00-13:00, mon-fri 08:00-20:00" \
	--domains "univ.fr, Etu.Univ.fr"
out 'site bu added'
sql "SELECT name, tz, hours, domains FROM sites WHERE slug = 'bu'" \
	"BU Lettres|Europe/Paris|mon-fri 08:00-20:00, sat 09:00-13:00|univ.fr,etu.univ.fr"
A 1 $P site add bu --name "Again" --tz Europe/Paris
err 'exists'
A 2 $P site add annex --name "Annexe"
err 'needs --name and --tz'
A 1 $P site add annex --name "Annexe" --tz Mars/Olympus
err 'time zone'
A 1 $P site add annex --name "Annexe" --tz UTC --hours "mon 9h-5h"
err 'opening hours'
A 1 $P site add annex --name "Annexe" --tz UTC --domains "not a domain!"
A 1 $P site add "Annexe Nord" --name "Annexe" --tz UTC
A 2 $P site add annex extra --name "Annexe" --tz UTC
A 2 $P site add annex --name
A 2 $P site add annex --name A --name B --tz UTC
err 'twice'
A 0 $P site add annex --name "Annexe" --tz America/New_York
A 0 $P site list
out 'bu +Europe/Paris +BU Lettres'
out 'annex'
A 0 $P site set annex --hours "mon-fri 09:00-17:00" --domains ""
sql "SELECT hours FROM sites WHERE slug = 'annex'" "mon-fri 09:00-17:00"
A 2 $P site set annex
A 1 $P site set nowhere --name X

# closures and exceptional hours
A 0 $P site close bu 2026-12-24 --note "Veille de Noël"
out 'closed on 2026-12-24'
A 0 $P site close bu 2026-12-31 --hours "09:00-12:00"
out 'open 09:00-12:00'
sql "SELECT date, hours, note FROM site_dates ORDER BY date" \
	"2026-12-24|closed|Veille de Noël
2026-12-31|09:00-12:00|"
A 2 $P site close bu 2026-02-30
err 'not a date'
A 1 $P site close bu 2026-12-26 --hours "12:00-09:00"
A 1 $P site close nowhere 2026-12-24
A 2 $P site close bu
A 0 $P site reopen bu 2026-12-24
A 1 $P site reopen bu 2026-12-24
sql "SELECT count(*) FROM site_dates" 1

# messages: local times in the site's zone, at most a week
A 0 $P site message bu --from "2026-12-01 08:00" --to "2026-12-05 20:00" \
	"Grève : ouverture de 10 h à 16 h"
out 'from 2026-12-01 08:00 to 2026-12-05 20:00 \(Europe/Paris\)'
sql "SELECT from_at, to_at, text FROM site_messages" \
	"1796108400|1796497200|Grève : ouverture de 10 h à 16 h"
A 0 $P site message annex --from 2026-12-01T13:00:00Z --to 2026-12-02 \
	"Snow day"
sql "SELECT to_at FROM site_messages WHERE site_id = 2" 1796187600
A 1 $P site message bu --from "2026-12-01 08:00" --to "2026-12-08 08:01" \
	"Trop long"
err 'week'
A 2 $P site message bu --from "2027-03-28 02:30" --to "2027-03-28 10:00" \
	"Heure d'été"
err 'does not exist'
A 2 $P site message bu --from "2027-10-31 02:30" --to "2027-10-31 10:00" \
	"Heure d'hiver"
err 'twice'
A 0 $P site message bu --from "2027-10-31T02:30:00+01:00" \
	--to "2027-10-31 10:00" "Heure d'hiver, sans ambiguïté"
A 2 $P site message bu --from tomorrow --to "2026-12-05 20:00" "X"
err 'not a time'
A 2 $P site message bu --from "2026-12-01 08:00" "X"
A 1 $P site message bu --from "2026-11-01 08:00" --to "2026-11-02 08:00" \
	"Déjà passé"
A 1 $P site message nowhere --from 2026-12-01 --to 2026-12-02 "X"
A 1 $P site message bu --from 2026-12-01 --to 2026-12-02 ""

# --- rooms and rules -------------------------------------------------
A 0 $P room add g1 --site bu --name "Salle de groupe 1 — Hypatie"
out 'room g1 added to bu \(group, 1\)'
A 0 $P room add atelier --site bu --name "Atelier numérique" \
	--kind workshop --capacity 8
A 0 $P room add formation --site bu --name "Salle de formation" \
	--kind training
sql "SELECT slug, kind, capacity FROM rooms ORDER BY id" \
	"g1|group|1
atelier|workshop|8
formation|training|1"
A 1 $P room add g1 --site bu --name "Doublon"
err 'exists'
A 2 $P room add g2 --site bu --name "G2" --kind lounge
err 'kind'
A 2 $P room add g2 --site bu --name "G2" --capacity many
A 2 $P room add g2 --site bu --name "G2" --capacity 0
A 1 $P room add g2 --site bu --name "G2" --capacity 4
err 'workshop'
A 1 $P room add g2 --site nowhere --name "G2"
A 2 $P room add g2 --name "G2"
A 0 $P room list
out 'g1 +bu +group +1 +Salle de groupe 1 — Hypatie'
out 'atelier +bu +workshop +8'
A 0 $P room list --site annex
out 'no rooms'
A 1 $P room list --site nowhere

A 0 $P rule set --room g1 granularity 15
out 'room g1: granularity = 15'
A 0 $P rule set --site bu max_duration 1h30
A 0 $P rule set --room atelier walk_in off
sql "SELECT coalesce(s.slug, r.slug), x.name, x.value FROM rules x
 LEFT JOIN sites s ON s.id = x.site_id LEFT JOIN rooms r ON r.id = x.room_id
 ORDER BY x.id" \
	"g1|granularity|15
bu|max_duration|90
atelier|walk_in|off"
A 2 $P rule set --room g1 colour blue
err 'unknown rule'
A 1 $P rule set --room g1 granularity 7
A 1 $P rule set --site bu max_duration 100
A 2 $P rule set --room g1 --site bu granularity 15
A 2 $P rule set granularity 15
A 1 $P rule set --room nowhere granularity 15
A 2 $P rule set --room g1 granularity
A 0 $P rule list --room g1
out 'granularity = 15'
A 0 $P rule unset --room g1 granularity
A 1 $P rule unset --room g1 granularity
A 0 $P rule list --room g1
out 'no rules of its own'

# --- staff -----------------------------------------------------------
input=$'a-long-secret-password\n246813\n'
A 0 $P staff add desk@univ.fr --name "Accueil" --role desk --site bu
out 'staff desk@univ.fr added \(desk, site bu\)'
input=$'another-password\n135792\n'
A 0 $P staff add Admin@Univ.fr --name "Claire Martin" --role room_admin
sql "SELECT email, role, coalesce(site_id, 0) FROM staff ORDER BY id" \
	"desk@univ.fr|desk|1
admin@univ.fr|room_admin|0"
sql "SELECT count(*) FROM staff WHERE password_hash LIKE '\$argon2id\$%'
 AND pin_hash LIKE '\$argon2id\$%'" 2
checks=$((checks + 1))
if grep -a -q 'a-long-secret-password' "$db" "$db"-wal 2>/dev/null; then
	fail "a password was written in the clear"
fi
input=$'pw-pw-pw-pw\n246813\n'
A 1 $P staff add other@univ.fr --name "Other" --role desk
err 'PIN is in use'
input=$'pw-pw-pw-pw\n12345\n'
A 1 $P staff add other@univ.fr --name "Other" --role desk
err 'PIN'
input=$'short\n975310\n'
A 1 $P staff add other@univ.fr --name "Other" --role desk
input=$'pw-pw-pw-pw\n'
A 2 $P staff add other@univ.fr --name "Other" --role desk
err 'standard input'
A 2 $P staff add other@univ.fr --name "Other" --role desk
input=$'pw-pw-pw-pw\n975310\n'
A 2 $P staff add other@univ.fr --name "Other" --role janitor
err 'role'
A 2 $P staff add other@univ.fr --name "Other" --role desk --password x
input=$'pw-pw-pw-pw\n975310\n'
A 1 $P staff add desk@univ.fr --name "Again" --role desk
err 'exists'
input=$'pw-pw-pw-pw\n975310\n'
A 1 $P staff add not-an-address --name "X" --role desk
input=$'pw-pw-pw-pw\n975310\n'
A 1 $P staff add x@univ.fr --name "X" --role desk --site nowhere
A 0 $P staff list
out 'desk@univ.fr +desk +bu +active +Accueil'
out 'admin@univ.fr +room_admin +\* +active'
A 0 $P staff disable desk@univ.fr
sql "SELECT disabled FROM staff WHERE email = 'desk@univ.fr'" 1
A 0 $P staff list
out 'desk@univ.fr +desk +bu +disabled'
A 0 $P staff enable desk@univ.fr
A 1 $P staff disable nobody@univ.fr
A 2 $P staff disable
input=$'864200\n'
A 0 $P staff secret admin@univ.fr --pin
A 2 $P staff secret admin@univ.fr
A 0 $P staff referent admin@univ.fr formation
sql "SELECT count(*) FROM referents" 1
A 1 $P staff referent admin@univ.fr g1
err 'training'
A 0 $P staff referent admin@univ.fr formation --remove
sql "SELECT count(*) FROM referents" 0

# --- devices ---------------------------------------------------------
A 0 $P device enroll g1
checks=$((checks + 1))
head -1 "$dir/out" | grep -Eq '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' ||
	fail "no enrolment code on the first line"
out 'valid until 2026-12-01 10:00 \(Europe/Paris\)'
code=$(head -1 "$dir/out")
sql "SELECT count(*) FROM enrol_codes WHERE expires_at = created_at + 86400
 AND length(code_hash) = 32" 1
checks=$((checks + 1))
if grep -a -q -- "$code" "$db" "$db"-wal 2>/dev/null; then
	fail "the enrolment code was written in the clear"
fi
A 1 $P device enroll nowhere
A 2 $P device enroll
A 0 $P device list
out 'no devices'
# A door as the server's enrolment would have written it.
sqlite3 "$db" "INSERT INTO devices(room_id, name, token_hash, proof_key,
 created_at, last_seen, version) VALUES (1, 'porte g1', randomblob(32),
 randomblob(32), 1796029200, 1796029190, '0.1.0')"
A 0 $P device list
out '^1 +g1 +online +seen 2026-11-30T08:59:50Z +0.1.0 +porte g1'
A 0 $P device revoke 1
out 'device 1 revoked'
sql "SELECT revoked FROM devices WHERE id = 1" 1
A 1 $P device revoke 1
err 'already'
A 1 $P device revoke 42
A 2 $P device revoke one
A 0 $P device list
out 'revoked'

# --- demo, statistics ------------------------------------------------
demo=$dir/demo.db
A 0 --db "$demo" demo --now "2026-03-04 11:40"
out 'demo site bu-lettres \(Europe/Paris\): 6 rooms, [0-9]+ bookings'
out 'accueil.lettres@univ-exemple.fr +desk +[A-Za-z0-9_-]{16} +[0-9]{6}'
out 'lea.constantin@univ-exemple.fr +superadmin'
out 'enrolment code for groupe-1 \(valid 24 h, once\): [0-9A-Z-]{19}'
db=$demo
sql "SELECT count(DISTINCT status) FROM bookings" 7
sql "SELECT count(*) FROM rooms" 6
sql "SELECT count(*) FROM staff" 4
sql "SELECT count(*) FROM mail_queue WHERE sent_at = 0 AND failed = 0" 0
sql "SELECT count(*) > 40 FROM events" 1
A 1 --db "$demo" demo --now "2026-03-04 11:40"
err 'exists'
A 2 --db "$demo" demo --now "someday"

S="--db $demo --now 2026-03-04T10:40:00Z"
A 0 $S stats --from 2026-03-01 --to 2026-03-07
out 'period +2026-03-01 00:00 to 2026-03-08 00:00 \(Europe/Paris\)'
out 'shows +[0-9]+ \(check-in rate [0-9.]+ %\)'
out 'groupe-1'
A 0 $S stats --from 2026-03-01 --to 2026-03-07 --csv
checks=$((checks + 1))
head -1 "$dir/out" | grep -q '^room,bookings,due,shows,no_shows,' ||
	fail "no CSV header"
out '^total,[0-9]+,'
out '^atelier-lovelace,'
checks=$((checks + 1))
[ "$(wc -l <"$dir/out")" -eq 8 ] || fail "CSV: not 6 rooms and a total"
A 0 $S stats --from 2026-03-01 --to 2026-03-07 --room groupe-1 --csv
checks=$((checks + 1))
[ "$(wc -l <"$dir/out")" -eq 3 ] || fail "CSV of one room: 3 lines"
A 0 $S stats --from "2026-03-04 08:00" --to "2026-03-04 12:00" \
	--site bu-lettres
A 2 $S stats --from 2026-03-01
A 2 $S stats --from 2026-03-07 --to 2026-03-01
A 2 $S stats --from March --to 2026-03-07
A 2 $S stats --from 2026-03-01 --to 2026-03-07 --room a --site b
A 1 $S stats --from 2026-03-01 --to 2026-03-07 --room nowhere

# --- the audit log ---------------------------------------------------
db=$dir/porte.db
A 0 $P audit --limit 500
out 'cli +site.add +bu'
out 'cli +room.add +g1'
out 'cli +staff.add +desk@univ.fr'
out 'cli +device.revoke +g1'
A 2 $P audit --limit 0
# Every change of the session above, and nothing refused, was logged by
# "cli": 2 sites, 1 update, 2 dates, 1 reopen, 3 messages, 3 rooms,
# 3 rules set, 1 unset, 2 staff, disable, enable, secret, 2 referents,
# 1 code, 1 revocation.
sql "SELECT count(*) FROM audit_log WHERE who = 'cli'" 25
sql "SELECT count(*) FROM audit_log WHERE who <> 'cli'" 0
sql "SELECT group_concat(action, ' ') FROM (SELECT DISTINCT action
 FROM audit_log ORDER BY action)" \
	"device.code device.revoke referent.add referent.remove room.add rule.set site.add site.close site.hours site.message site.reopen site.update staff.add staff.disable staff.enable staff.secret"

echo "admin_cli: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
