// Vector math over contiguous arrays: the transcendental and reduction loops of the kernels.
//
//   vsigmoid(x, n):           x[i] = 1 / (1 + exp(-x[i]))                 (in place)
//   vtanh(x, y, n):           y[i] = tanh(x[i])                            (y may be x)
//   vexp_shift(x, a, s, y, n): y[i] = exp((x[i] - a) * s)
//   vmax(x, n):               max_i x[i]
//   vsum_exp(x, a, s, n):     sum_i exp((x[i] - a) * s)                   (accumulated per lane)
//   vdot(x, y, n):            sum_i x[i] y[i]
//
// float: AVX2/FMA intrinsics (8 lanes), the exp of activations.h with the same polynomial; the
// element-wise ones run their tail through the same 8-lane code (zero-padded), so an element's
// value never depends on n or its position (batch-independent inference); double: plain loops with the C library, the exact
// path for gradient checks. GCC does not vectorise these loops by itself without -ffast-math
// (reductions would need reassociation, and floorf/expf are library calls).
#pragma once
#include <cstring>
#include <cmath>
#include "activations.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define MOGLM_AVX2 1
#endif

namespace moglm {

// ---- double (and the generic fallback) ------------------------------------------------------

template <typename S> inline void vsigmoid(S* x, long n) { for (long i = 0; i < n; ++i) x[i] = sigmoid(x[i]); }
template <typename S> inline void vtanh(const S* x, S* y, long n) { for (long i = 0; i < n; ++i) y[i] = tanh_act(x[i]); }
template <typename S> inline void vexp_shift(const S* x, S a, S s, S* y, long n) {
    for (long i = 0; i < n; ++i) y[i] = fast_exp((x[i] - a) * s);
}
template <typename S> inline S vmax(const S* x, long n) {
    S m = x[0];
    for (long i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
    return m;
}
template <typename S> inline double vsum_exp(const S* x, S a, S s, long n) {
    double acc = 0;
    for (long i = 0; i < n; ++i) acc += fast_exp((x[i] - a) * s);
    return acc;
}
template <typename S> inline double vdot(const S* x, const S* y, long n) {
    double acc = 0;
    for (long i = 0; i < n; ++i) acc += (double)x[i] * y[i];
    return acc;
}

#ifdef MOGLM_AVX2
// ---- float, AVX2 ----------------------------------------------------------------------------

inline __m256 exp8(__m256 x) {
    x = _mm256_max_ps(_mm256_set1_ps(-87.0f), _mm256_min_ps(x, _mm256_set1_ps(88.0f)));
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 n = _mm256_sub_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), magic), magic);
    __m256 f = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    f = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), f);
    __m256 y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, f, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(_mm256_mul_ps(y, f), f, _mm256_add_ps(f, _mm256_set1_ps(1.0f)));
    __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

inline __m256 sigmoid8(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

inline __m256 tanh8(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 ax = _mm256_andnot_ps(sign, x);
    __m256 e = exp8(_mm256_mul_ps(ax, _mm256_set1_ps(-2.0f)));
    __m256 t = _mm256_div_ps(_mm256_sub_ps(one, e), _mm256_add_ps(one, e));
    return _mm256_or_ps(t, _mm256_and_ps(sign, x));
}

inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

template <> inline void vsigmoid<float>(float* x, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, sigmoid8(_mm256_loadu_ps(x + i)));
    if (i < n) {   // the tail through the same 8-lane code: an element's value never depends on n
        float t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::memcpy(t, x + i, sizeof(float) * (n - i));
        _mm256_storeu_ps(t, sigmoid8(_mm256_loadu_ps(t)));
        std::memcpy(x + i, t, sizeof(float) * (n - i));
    }
}

template <> inline void vtanh<float>(const float* x, float* y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, tanh8(_mm256_loadu_ps(x + i)));
    if (i < n) {   // the tail through the same 8-lane code (see vsigmoid)
        float t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::memcpy(t, x + i, sizeof(float) * (n - i));
        _mm256_storeu_ps(t, tanh8(_mm256_loadu_ps(t)));
        std::memcpy(y + i, t, sizeof(float) * (n - i));
    }
}

template <> inline void vexp_shift<float>(const float* x, float a, float s, float* y, long n) {
    const __m256 va = _mm256_set1_ps(a), vs = _mm256_set1_ps(s);
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, exp8(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), va), vs)));
    for (; i < n; ++i) y[i] = fast_exp((x[i] - a) * s);
}

template <> inline float vmax<float>(const float* x, long n) {
    long i = 0;
    float m = x[0];
    if (n >= 8) {
        __m256 v = _mm256_loadu_ps(x);
        for (i = 8; i + 8 <= n; i += 8) v = _mm256_max_ps(v, _mm256_loadu_ps(x + i));
        float t[8];
        _mm256_storeu_ps(t, v);
        for (float u : t) m = u > m ? u : m;
    }
    for (; i < n; ++i) m = x[i] > m ? x[i] : m;
    return m;
}

template <> inline double vsum_exp<float>(const float* x, float a, float s, long n) {
    const __m256 va = _mm256_set1_ps(a), vs = _mm256_set1_ps(s);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_add_ps(acc0, exp8(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), va), vs)));
        acc1 = _mm256_add_ps(acc1, exp8(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i + 8), va), vs)));
    }
    double total = (double)hsum8(acc0) + (double)hsum8(acc1);
    for (; i < n; ++i) total += fast_exp((x[i] - a) * s);
    return total;
}

template <> inline double vdot<float>(const float* x, const float* y, long n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), acc1);
    }
    double total = (double)hsum8(acc0) + (double)hsum8(acc1);
    for (; i < n; ++i) total += (double)x[i] * y[i];
    return total;
}
#endif

}  // namespace moglm
