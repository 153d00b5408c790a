// CIE colour difference for the tests: sRGB (8 bits a channel) to CIE L*a*b* (D65), and CIEDE2000
// (Sharma, Wu, Dalal 2005). Header only: the unit tests and the screenshot checker
// (tests/gui/png_check.cpp) share it.
#pragma once

#include <cmath>

namespace pa::test {

struct Lab {
  double l, a, b;
};

inline Lab lab_of(double r8, double g8, double b8) {
  auto lin = [](double u) {
    u /= 255;
    return u <= 0.04045 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4);
  };
  const double r = lin(r8), g = lin(g8), b = lin(b8);
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, y = 0.2126 * r + 0.7152 * g + 0.0722 * b,
               z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
  return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

inline double delta_e_2000(const Lab& p, const Lab& q) {
  constexpr double kPi = 3.14159265358979323846;
  auto deg = [&](double r) { return r * 180 / kPi; };
  auto rad = [&](double d) { return d * kPi / 180; };
  const double c1 = std::hypot(p.a, p.b), c2 = std::hypot(q.a, q.b), cb = (c1 + c2) / 2;
  const double g = 0.5 * (1 - std::sqrt(std::pow(cb, 7) / (std::pow(cb, 7) + std::pow(25.0, 7))));
  const double a1 = (1 + g) * p.a, a2 = (1 + g) * q.a;
  const double c1p = std::hypot(a1, p.b), c2p = std::hypot(a2, q.b);
  auto hue = [&](double b, double a) {
    const double h = deg(std::atan2(b, a));
    return h < 0 ? h + 360 : h;
  };
  const double h1 = hue(p.b, a1), h2 = hue(q.b, a2);
  double dh = 0;
  if (c1p * c2p != 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    if (dh < -180) dh += 360;
  }
  const double dl = q.l - p.l, dc = c2p - c1p, dH = 2 * std::sqrt(c1p * c2p) * std::sin(rad(dh / 2));
  const double lb = (p.l + q.l) / 2, cbp = (c1p + c2p) / 2;
  double hb = h1 + h2;
  if (c1p * c2p != 0) hb = std::abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : (h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2);
  const double t = 1 - 0.17 * std::cos(rad(hb - 30)) + 0.24 * std::cos(rad(2 * hb)) + 0.32 * std::cos(rad(3 * hb + 6)) -
                   0.20 * std::cos(rad(4 * hb - 63));
  const double dtheta = 30 * std::exp(-std::pow((hb - 275) / 25, 2));
  const double rc = 2 * std::sqrt(std::pow(cbp, 7) / (std::pow(cbp, 7) + std::pow(25.0, 7)));
  const double sl = 1 + 0.015 * std::pow(lb - 50, 2) / std::sqrt(20 + std::pow(lb - 50, 2));
  const double sc = 1 + 0.045 * cbp, sh = 1 + 0.015 * cbp * t, rt = -std::sin(rad(2 * dtheta)) * rc;
  return std::sqrt(std::pow(dl / sl, 2) + std::pow(dc / sc, 2) + std::pow(dH / sh, 2) + rt * (dc / sc) * (dH / sh));
}

}  // namespace pa::test
