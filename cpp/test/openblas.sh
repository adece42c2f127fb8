# Sourced by cpp/test/*.sh (from the repository root): unpacks the OpenBLAS of the Maven
# openblas jar (the one the JNI library links) into target/cpptest and sets
#   out  = target/cpptest (build directory)   blas = the directory with include/ and libopenblas
# Needs one `mvn -B -q package -DskipTests` first (it downloads the jar).
ver=0.3.31-1.5.13
jar=${M2_REPO:-$HOME/.m2/repository}/org/bytedeco/openblas/$ver/openblas-$ver-linux-x86_64.jar
[ -f "$jar" ] || { echo "missing $jar: run mvn -B -q package -DskipTests once" >&2; exit 1; }
out=target/cpptest
mkdir -p $out
unzip -qo "$jar" 'org/bytedeco/openblas/linux-x86_64/*' -d $out
blas=$PWD/$out/org/bytedeco/openblas/linux-x86_64
