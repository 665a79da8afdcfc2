# Sourced by .ci/run: a throwaway PostgreSQL cluster on loopback for the store tests.
# Sets TROCHTRACK_TEST_PG_URL and PG_STOP.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=${PGPORT:-55432}
PGROOT="$CI_WORK/pg"
mkdir -p "$PGROOT" && chown postgres:postgres "$PGROOT"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT" >/dev/null
pg_stop() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true; }
PG_STOP=pg_stop
"$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE trochtrack LOGIN PASSWORD 'trochtrack' CREATEDB" \
  -c "CREATE DATABASE trochtrack OWNER trochtrack" >/dev/null
export TROCHTRACK_TEST_PG_URL="postgresql+psycopg://trochtrack:trochtrack@127.0.0.1:$PGPORT/trochtrack"
echo "postgresql running on 127.0.0.1:$PGPORT"
