// A small library built as a side module.
#include <math.h>

double circle_area(double r) { return M_PI * r * r; }

double polygon_area(const double* xs, const double* ys, int n) {
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const int j = (i + 1) % n;
    sum += xs[i] * ys[j] - xs[j] * ys[i];
  }
  return fabs(sum) / 2;
}

const char* shape_name(int sides) {
  static const char* names[] = {"point", "line", "segment", "triangle", "square", "pentagon"};
  return sides >= 0 && sides < 6 ? names[sides] : "polygon";
}
