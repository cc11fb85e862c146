// The functions live in the header as static inline; this file makes the folder a C target.
#include "cplatform.h"
