# Sourced by the drop-in scripts after their configuration section: turns "--some-option value"
# and "--some-option=value" into the shell variable some_option=value, with the behaviour Kaldi
# users know from utils/parse_options.sh (written for moglm, not Kaldi's code):
#   - only options whose variable the script has already set are accepted ("invalid option");
#   - an option whose default is true or false is boolean: its value must be true or false;
#   - "--config FILE" sources FILE (shell assignments, e.g. "weight=0.5") before the other
#     options are applied, so options given on the command line win over the file;
#   - "--help" / "-h" prints the script's usage() and exits 0;
#   - parsing stops at the first word that is not an option: the positional arguments.
# Errors print a message naming the option and exit 1.

_po_booleans=()
for _po_var in $(compgen -v); do
  case "${!_po_var-}" in true|false) _po_booleans+=("$_po_var") ;; esac
done

_po_check_boolean() {  # <variable> <option-as-given>
  local _b
  for _b in "${_po_booleans[@]}"; do
    if [ "$_b" = "$1" ]; then
      case "${!1}" in
        true|false) ;;
        *) echo "$0: option $2 is boolean: expected \"true\" or \"false\", got \"${!1}\"" >&2; exit 1 ;;
      esac
    fi
  done
}

# --config FILE is read first
_po_i=1
while [ $_po_i -le $# ]; do
  _po_arg=${!_po_i}
  case "$_po_arg" in
    --config=*) _po_config=${_po_arg#--config=} ;;
    --config)
      _po_i=$((_po_i + 1))
      [ $_po_i -le $# ] || { echo "$0: option --config needs a value" >&2; exit 1; }
      _po_config=${!_po_i} ;;
    --*=*) ;;
    --*) _po_i=$((_po_i + 1)) ;;  # skip the option's value
    *) break ;;
  esac
  if [ -n "${_po_config-}" ]; then
    [ -r "$_po_config" ] || { echo "$0: cannot read config file '$_po_config' (given with --config)" >&2; exit 1; }
    # shellcheck disable=SC1090
    . "$_po_config"
    for _po_var in "${_po_booleans[@]}"; do _po_check_boolean "$_po_var" "$_po_var (in $_po_config)"; done
    unset _po_config
  fi
  _po_i=$((_po_i + 1))
done

while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) if declare -f usage >/dev/null; then usage; fi; exit 0 ;;
    --*=*) _po_name=${1%%=*}; _po_value=${1#*=}; _po_n=1 ;;
    --*) _po_name=$1; [ $# -ge 2 ] || { echo "$0: option $1 needs a value" >&2; exit 1; }; _po_value=$2; _po_n=2 ;;
    *) break ;;
  esac
  shift $_po_n
  [ "$_po_name" = --config ] && continue
  _po_var=${_po_name#--}; _po_var=${_po_var//-/_}
  if [[ ! "$_po_var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || ! declare -p "$_po_var" >/dev/null 2>&1; then
    echo "$0: invalid option $_po_name" >&2; exit 1
  fi
  printf -v "$_po_var" '%s' "$_po_value"
  _po_check_boolean "$_po_var" "$_po_name"
done
unset _po_name _po_value _po_n _po_var _po_arg _po_i
unset -f _po_check_boolean
