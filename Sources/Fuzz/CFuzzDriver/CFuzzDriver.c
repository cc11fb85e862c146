// The declarations are in include/CFuzzDriver.h; libFuzzer defines them.
#include "CFuzzDriver.h"
