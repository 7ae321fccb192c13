// A main module: the program a page starts.
#include <stdio.h>

int main(void) {
  printf("hello from a size-checked main module\n");
  return 0;
}
