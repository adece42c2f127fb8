// Scalar nonlinearities used by the kernels, written so that loops over them auto-vectorise.
//
//   exp(x)     float: exp(x) = 2^n * e^f with n = round(x / ln 2), f = x - n ln 2 in [-ln2/2, ln2/2],
//              e^f by a degree-7 polynomial (Cephes coefficients), 2^n assembled in the exponent
//              bits. Branch-free, input clamped to [-87, 88]; relative error < 3e-7 (tested).
//              double: std::exp (the double path exists for gradient checks: exactness first).
//   sigmoid(x) = 1 / (1 + exp(-x))
//   tanh(x)    = sign(x) * (1 - e) / (1 + e),  e = exp(-2|x|)
//
// The *_ref versions use the C library and are the reference in tests.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace moglm {

inline float fast_exp(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    // round to nearest by adding and removing 1.5 * 2^23 (vectorises; floorf would be a libm call)
    float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float f = x - n * 0.693359375f;          // ln2 split in two parts (Cody-Waite)
    f = f - n * -2.12194440e-4f;
    float y = 1.9875691500e-4f;
    y = y * f + 1.3981999507e-3f;
    y = y * f + 8.3334519073e-3f;
    y = y * f + 4.1665795894e-2f;
    y = y * f + 1.6666665459e-1f;
    y = y * f + 5.0000001201e-1f;
    y = y * f * f + f + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return y * scale;
}
inline double fast_exp(double x) { return std::exp(x); }

template <typename S> inline S sigmoid(S x) { return S(1) / (S(1) + fast_exp(-x)); }

inline float tanh_act(float x) {
    float e = fast_exp(-2.0f * std::fabs(x));
    float t = (1.0f - e) / (1.0f + e);
    return std::copysign(t, x);
}
inline double tanh_act(double x) { return std::tanh(x); }

template <typename S> inline S sigmoid_ref(S x) { return S(1) / (S(1) + std::exp(-x)); }
template <typename S> inline S tanh_ref(S x) { return std::tanh(x); }

}  // namespace moglm
