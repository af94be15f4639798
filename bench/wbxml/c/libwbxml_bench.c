/*
 * libwbxml_bench: throughput of libwbxml (in-process, no CLI) on one
 * payload, for bench/wbxml/run.sh. Usage:
 *
 *   libwbxml_bench NAME PAYLOAD.wbxml PAYLOAD.xml
 *
 * prints one line: NAME tree_MBps wbxml2xml_MBps xml2wbxml_MBps outlen
 * where MB/s are 10^6 bytes of WBXML per second of CPU time (as the
 * cpuMB/s metric of bench_test.go counts)
 * and outlen is the length of libwbxml's own WBXML encoding.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wbxml/wbxml.h>
#include <wbxml/wbxml_conv.h>

/* Not in the installed headers, but exported by libwbxml2.so
 * (src/wbxml_tree.h): parse a WBXML document into libwbxml's tree. */
typedef struct WBXMLTree_s WBXMLTree;
WBXMLError wbxml_tree_from_wbxml(WB_UTINY *wbxml, WB_ULONG wbxml_len, WBXMLLanguage lang, int charset, WBXMLTree **tree);
void wbxml_tree_destroy(WBXMLTree *tree);

/* Process CPU time: on a loaded shared machine wall time mostly measures
 * the other tenants. bench_test.go reports Go's CPU time the same way. */
static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *name, size_t *len) {
	FILE *f = fopen(name, "rb");
	if (!f) { perror(name); exit(2); }
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc(n + 1);
	if (fread(b, 1, n, f) != (size_t)n) { perror(name); exit(2); }
	b[n] = 0;
	fclose(f);
	*len = n;
	return b;
}

static double mintime = 1.0;

static double tree_once(unsigned char *w, size_t wl) {
	WBXMLTree *tree = NULL;
	WBXMLError err = wbxml_tree_from_wbxml(w, wl, WBXML_LANG_ACTIVESYNC, 0 /* WBXML_CHARSET_UNKNOWN */, &tree);
	if (err != WBXML_OK) { fprintf(stderr, "tree: %s\n", wbxml_errors_string(err)); exit(1); }
	wbxml_tree_destroy(tree);
	return 0;
}

static double w2x_once(unsigned char *w, size_t wl) {
	WBXMLConvWBXML2XML *conv = NULL;
	WB_UTINY *xml = NULL;
	WB_ULONG xl = 0;
	if (wbxml_conv_wbxml2xml_create(&conv) != WBXML_OK) exit(1);
	wbxml_conv_wbxml2xml_set_language(conv, WBXML_LANG_ACTIVESYNC);
	wbxml_conv_wbxml2xml_set_gen_type(conv, WBXML_GEN_XML_COMPACT);
	WBXMLError err = wbxml_conv_wbxml2xml_run(conv, w, wl, &xml, &xl);
	if (err != WBXML_OK) { fprintf(stderr, "wbxml2xml: %s\n", wbxml_errors_string(err)); exit(1); }
	wbxml_conv_wbxml2xml_destroy(conv);
	free(xml);
	return 0;
}

static size_t x2w_once(unsigned char *x, size_t xl) {
	WBXMLConvXML2WBXML *conv = NULL;
	WB_UTINY *w = NULL;
	WB_ULONG wl = 0;
	if (wbxml_conv_xml2wbxml_create(&conv) != WBXML_OK) exit(1);
	/* the ActiveSync form: no public ID, no string table (03 01 6A 00) */
	wbxml_conv_xml2wbxml_disable_public_id(conv);
	wbxml_conv_xml2wbxml_disable_string_table(conv);
	/* libwbxml trims leading and trailing white space of text by default;
	 * keep it, so that its output matches the payload byte for byte (the
	 * payload XML has no white space between elements). */
	wbxml_conv_xml2wbxml_enable_preserve_whitespaces(conv);
	WBXMLError err = wbxml_conv_xml2wbxml_run(conv, x, xl, &w, &wl);
	if (err != WBXML_OK) { fprintf(stderr, "xml2wbxml: %s\n", wbxml_errors_string(err)); exit(1); }
	wbxml_conv_xml2wbxml_destroy(conv);
	free(w);
	return wl;
}

int main(int argc, char **argv) {
	if (argc != 4) { fprintf(stderr, "usage: %s NAME PAYLOAD.wbxml PAYLOAD.xml\n", argv[0]); return 2; }
	if (getenv("MINTIME")) mintime = atof(getenv("MINTIME"));
	size_t wl, xl;
	unsigned char *w = slurp(argv[2], &wl);
	unsigned char *x = slurp(argv[3], &xl);
	double mbps[3];
	size_t outlen = 0;
	for (int k = 0; k < 3; k++) {
		long n = 0;
		double t0 = now(), t;
		do {
			switch (k) {
			case 0: tree_once(w, wl); break;
			case 1: w2x_once(w, wl); break;
			case 2: outlen = x2w_once(x, xl); break;
			}
			n++;
			t = now() - t0;
		} while (t < mintime || n < 3);
		mbps[k] = (double)wl * n / t / 1e6;
	}
	printf("%s %.2f %.2f %.2f %zu\n", argv[1], mbps[0], mbps[1], mbps[2], outlen);
	return 0;
}
