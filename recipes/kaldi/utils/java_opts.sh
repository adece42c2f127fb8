# Sourced by the recipes after option parsing, with $java_opts (their --java-opts option) set.
# bin/moglm takes the JVM's options from MOGLM_JAVA_OPTS (default -Xmx8g), but a grid job gets
# only PATH from the environment (queue.pl: qsub -v PATH; slurm.pl: sbatch --export=PATH), so the
# options travel on each job's command line: "${moglm_env[@]}" "$moglm" ... runs
# env MOGLM_JAVA_OPTS=<opts> <moglm> ... when --java-opts is given, else <moglm> ... unchanged.
# Commands run here, not through $cmd, get them from the exported variable.
moglm_env=()
if [ -n "$java_opts" ]; then
  moglm_env=(env "MOGLM_JAVA_OPTS=$java_opts")
  export MOGLM_JAVA_OPTS=$java_opts
fi
