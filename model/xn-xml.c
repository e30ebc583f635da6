/* xn-xml.c — placeholder, replaced by the reader/writer in the next commit */
#include "config.h"
#include "xn-model-private.h"
G_DEFINE_QUARK (xn-xml-error-quark, xn_xml_error)
