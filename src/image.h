/*
 * src/image.h - guest programs from files: a raw big-endian binary, a text
 * file of hex words (".hex": one instruction per line, '#' comments), or a
 * 32-bit PowerPC ELF executable (recognised by its magic number).
 */
#ifndef SRC_IMAGE_H
#define SRC_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "guest.h"

typedef enum image_kind { IMAGE_RAW, IMAGE_HEX, IMAGE_ELF } image_kind_t;

typedef struct image {
    image_kind_t kind;
    uint8_t *bytes; /* raw and hex: the words, big-endian; ELF: the file */
    size_t size;
} image_t;

/* Reads and checks `path` (read_file() in util.h: a regular file up to
 * 1 GiB).  0, or -1 with fail() naming the file and the problem (missing,
 * a directory, empty, not whole words, a bad hex line ...). */
int image_read(const char *path, image_t *img);
void image_free(image_t *img);

/* Puts the image into the guest.  Raw and hex images go at `at`
 * (word-aligned); their pages are mapped zeroed and rwx where nothing is
 * mapped yet (the page of `at` last, as the book's demo maps its text page
 * last), and written where a page is already there.  An ELF file maps its
 * own segments (`at` is not used).  *entry is where the program starts:
 * `at`, or the ELF entry point.  0, or -1 with fail(). */
int image_place(guest_t *g, const image_t *img, uint32_t at, uint32_t *entry);

#endif /* SRC_IMAGE_H */
