/* A plain C reference for moglm's BootstrapWer.compare (Kaldi's compute-wer-bootci with two
 * systems), used once to make expected.txt; glibc's rand() is the real one here.
 *   gcc -O0 -o /tmp/bootci bootci_reference.c && /tmp/bootci 10000 < edits.txt > expected.txt
 * edits.txt: one utterance per line, "errors1 errors2 reference_words". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int n, e1[100000], e2[100000], w[100000];

static int pick(void) { return n - 1 == 0 ? 0 : rand() % n; }

static void interval(const int *e, int reps, float *mean, float *half) {
  float acc = 0.0f, acc2 = 0.0f;
  for (int i = 0; i < reps; i++) {
    int errs = 0, words = 0;
    for (int j = 0; j < n; j++) { int p = pick(); errs += e[p]; words += w[p]; }
    float r = (float) errs / words;
    acc += r;
    acc2 += r * r;
  }
  *mean = acc / reps;
  *half = (float) (1.96 * sqrt(acc2 / reps - (*mean) * (*mean)));
}

int main(int argc, char **argv) {
  int reps = atoi(argv[1]);
  while (scanf("%d %d %d", &e1[n], &e2[n], &w[n]) == 3) n++;
  float m1, h1, m2, h2;
  interval(e1, reps, &m1, &h1);
  interval(e2, reps, &m2, &h2);
  int better = 0;
  for (int i = 0; i < reps; i++) {
    int d = 0;
    for (int j = 0; j < n; j++) { int p = pick(); d += e1[p] - e2[p]; }
    if (d > 0) better++;
  }
  float p = (float) better / reps;
  printf("Set1: %%WER %.2f 95%% Conf Interval [ %.2f, %.2f ]\n", 100 * m1, 100 * m1 - 100 * h1, 100 * m1 + 100 * h1);
  printf("Set2: %%WER %.2f 95%% Conf Interval [ %.2f, %.2f ]\n", 100 * m2, 100 * m2 - 100 * h2, 100 * m2 + 100 * h2);
  printf("Probability of Set2 improving Set1: %.2f\n", 100 * p);
  return 0;
}
