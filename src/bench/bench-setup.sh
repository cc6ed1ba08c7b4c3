# Sourced by the benchmark scripts, from the project's directory with $work set: builds what is
# missing, sets $cp (the test class path, for the bench classes) and defines export_of.
if [[ ! -x target/dist/bin/audio-export || ! -d target/test-classes/dev/audioexport/bench ]]; then
  mvn -B -q package -DskipTests
fi
if [[ ! -f "$work/classpath" || pom.xml -nt "$work/classpath" ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
fi
cp="target/test-classes:target/classes:$(cat "$work/classpath")"

export_of() { # SIZE_MB -> path of a synthetic export of that size, generated once
  local file="$work/export-$1mb.ndjson"
  [[ -f "$file" ]] || java -cp "$cp" dev.audioexport.bench.SyntheticExport "$file" "$1" >&2
  echo "$file"
}
