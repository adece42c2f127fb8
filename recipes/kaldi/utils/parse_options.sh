# Sourced by the drop-in scripts: turns "--some-option value" / "--some-option=value" into
# the shell variable some_option=value, for variables the script has already set (Kaldi's
# convention; written for moglm). Unknown options are an error.
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) if declare -f usage >/dev/null; then usage; fi; exit 0 ;;
    --*=*) _name=${1%%=*}; _value=${1#*=}; _n=1 ;;
    --*) _name=$1; _value=${2-}; _n=2; [ $# -ge 2 ] || { echo "$0: option $1 needs a value" >&2; exit 1; } ;;
    *) break ;;
  esac
  _var=${_name#--}; _var=${_var//-/_}
  if ! declare -p "$_var" >/dev/null 2>&1; then echo "$0: invalid option $_name" >&2; exit 1; fi
  printf -v "$_var" '%s' "$_value"
  shift $_n
done
unset _name _value _n _var
