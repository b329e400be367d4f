// zlib, for inflating `Content-Encoding: gzip` request bodies.
#include <zlib.h>
