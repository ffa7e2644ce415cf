/*
 * wire_int.h - helpers shared by the files of porte_wire, not part of its
 * interface (see wire.h).
 *
 * The getters below are those of wire.h with the field's key and the name
 * shown in messages apart, so that nested fields read "bookings[3].start".
 */
#ifndef PORTE_WIRE_INT_H
#define PORTE_WIRE_INT_H

#include "wire.h"

/* Room for a shown field name such as "results[499].booking.checked_in_at". */
#define WIRE_SHOWN_MAX 96

/* Stores a printf-style reason in *CAUSE (when not NULL). Returns -1. */
int wire_fail(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Writes "PREFIX.KEY" (or KEY when PREFIX is NULL or "") into OUT. */
void wire_field_name(char out[WIRE_SHOWN_MAX], const char *prefix,
                     const char *key);

/* Writes "PREFIX[I]" into OUT. */
void wire_item_name(char out[WIRE_SHOWN_MAX], const char *prefix, size_t i);

/* wire_check_fields, with the object's name for messages (NULL: none). */
int wire_fields_at(const json_t *j, const char *shown,
                   const char *const *allowed, char **cause);

int wire_string_at(const json_t *obj, const char *key, const char *shown,
                   unsigned flags, size_t max, const char **out, char **cause);
int wire_int_at(const json_t *obj, const char *key, const char *shown,
                unsigned flags, int64_t min, int64_t max, int64_t *out,
                char **cause);
int wire_bool_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, bool *out, char **cause);
int wire_time_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, porte_time *out, char **cause);
int wire_date_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, cal_date *out, char **cause);
int wire_uuid_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, char out[WIRE_UUID_LEN], char **cause);
int wire_enum_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, const char *const *names, int *out,
                 char **cause);

/* Copies a string field into OUT (MAX + 1 bytes); absent optional: "". */
int wire_copy_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, size_t max, char *out, char **cause);

/* An array field of at most MAX items; absent optional: *OUT NULL. */
int wire_array_at(const json_t *obj, const char *key, const char *shown,
                  unsigned flags, size_t max, const json_t **out, char **cause);

/* Sets KEY of OBJ to a new string / integer / time (0: left out) / bool.
 * Returns 0, or -1 when out of memory. */
int wire_set_string(json_t *obj, const char *key, const char *value);
int wire_set_int(json_t *obj, const char *key, int64_t value);
int wire_set_time(json_t *obj, const char *key, porte_time t);
int wire_set_bool(json_t *obj, const char *key, bool value);

/* Bounded copy of SRC into DST of SIZE bytes (always terminated). */
void wire_copy(char *dst, size_t size, const char *src);

/* Booking parse with a prefix for messages. */
int wire_booking_at(const json_t *j, const char *shown, wire_booking *out,
                    char **cause);

#endif
