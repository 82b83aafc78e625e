# Sourced by the benchmark scripts (needs BIN and WORK set).
# sign_in DATABASE PORT ROLE [CENTRES]: creates a user of ROLE (working in CENTRES, comma-separated),
# signs it in to the server on PORT, and prints the session cookie.
sign_in() {
  local database=$1 port=$2 role=$3 centres=${4:-} name password csrf jar
  name="bench-$role-$RANDOM$RANDOM"
  jar="$WORK/jar-$name"
  password=$("$BIN" users create --role "$role" --username "$name" --name "Benchmark $role" ${centres:+--centres "$centres"} \
               --generate-password --database "$database" | sed -n 's/^Password .*: //p')
  csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "username=$name" --data-urlencode "password=$password" \
       --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$port/login"
  awk '$6 == "attune_session" { print $7 }' "$jar"
}
