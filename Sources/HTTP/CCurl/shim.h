// Fixed-argument wrappers for the libcurl calls Swift cannot make directly: the variadic
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt, and the union inside CURLMsg.
// Every symbol here is prefixed wb_ so it cannot clash with libcurl's own.
#ifndef WORKSHOP_BOT_CCURL_SHIM_H
#define WORKSHOP_BOT_CCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode wb_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

typedef size_t (*wb_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode wb_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wb_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wb_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wb_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wb_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wb_curl_easy_setopt_callback(CURL *handle, CURLoption option, wb_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wb_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode wb_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode wb_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// The result code of a finished transfer, which CURLMsg keeps in a union.
static inline CURLcode wb_curl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

static inline int wb_curl_msg_is_done(const CURLMsg *message) {
    return message->msg == CURLMSG_DONE;
}

#endif
