/*  zdpeer.c - an independent peer of the ZeroDrop transfer protocol
    (shared/PROTOCOL.md, version 1), written against czmq only.

    It exists so the project's tests can prove interop both ways with code
    that shares nothing with the project:

        zdpeer send    ENDPOINT FILE NAME [CHUNK_BYTES [sha1|crc32]]
        zdpeer receive ENDPOINT DIR [COUNT]

    send:    exit 0 when the receiver answered READY to CLOSE, 1 on an ERROR
             reply or a local failure, 2 when a reply did not come in 10 s.
    receive: prints "listening ENDPOINT" once bound, exit 0 after COUNT files
             were stored, 1 on a setup failure, 3 after 30 s with no message.

    The receiver is deliberately simple: it handles one message at a time, so
    it never has chunks in transit and never answers "overlap".
*/

#define _GNU_SOURCE
#include <czmq.h>
#include <zlib.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>

#define WINDOW          4                   //  chunks in transit per file
#define REPLY_WAIT_MS   10000
#define IDLE_EXIT_MS    30000
#define MAX_CHUNK       (16u * 1024 * 1024) //  PROTOCOL.md §8 default
#define MAX_TRANSFERS   64
#define MAX_NUMBER      9007199254740991ull //  2^53 - 1, PROTOCOL.md §2
#define PART_SUFFIX     ".part"

//  ---------------------------------------------------------------------
//  Checksums (PROTOCOL.md §6)

static char *
sha1_hex (const byte *data, size_t size)
{
    //  zdigest's string belongs to the digest, so copy it before destroying
    zdigest_t *digest = zdigest_new ();
    zdigest_update (digest, data, size);
    char *hex = strdup (zdigest_string (digest));
    zdigest_destroy (&digest);
    return hex;
}

static char *
crc32_hex (const byte *data, size_t size)
{
    //  Chunks are at most MAX_CHUNK bytes, so zlib's uInt length is enough
    char *hex = malloc (9);
    snprintf (hex, 9, "%08lx", crc32 (0L, data, (uInt) size));
    return hex;
}

//  Returns NULL when the checksum matches, else the reason.
static const char *
checksum_mismatch (const char *checksum, const byte *data, size_t size)
{
    const char *colon = strchr (checksum, ':');
    const char *hex = colon ? colon + 1 : checksum;
    size_t hexlen = strlen (hex);
    char algo [8] = "";
    if (colon) {
        size_t algolen = (size_t) (colon - checksum);
        if (algolen >= sizeof algo)
            return "unknown algorithm";
        memcpy (algo, checksum, algolen);
        algo [algolen] = 0;
    }
    else    //  A bare digest is named by its length alone
    if (hexlen == 8)
        strcpy (algo, "crc32");
    else
    if (hexlen == 40)
        strcpy (algo, "sha1");
    else
    if (hexlen == 64)
        strcpy (algo, "sha256");

    for (size_t i = 0; i < hexlen; i++)
        if (!isxdigit ((unsigned char) hex [i]))
            return "not hexadecimal";

    char *want = NULL;
    if (streq (algo, "crc32") && hexlen == 8)
        want = crc32_hex (data, size);
    else
    if (streq (algo, "sha1") && hexlen == 40)
        want = sha1_hex (data, size);
    else
    if (streq (algo, "sha256") && hexlen == 64)
        return "sha256 is not supported by this peer";
    else
        return "unknown algorithm or wrong length";

    int same = strcasecmp (want, hex) == 0;
    free (want);
    return same ? NULL : "digest does not match the data";
}

//  ---------------------------------------------------------------------
//  Sender

//  Waits for one reply. Returns 0 on READY, else the exit code.
static int
await_reply (zsock_t *sock, const char *what)
{
    zmsg_t *reply = zmsg_recv (sock);
    if (!reply) {
        if (zsys_interrupted)
            return 130;
        fprintf (stderr, "zdpeer: no reply to %s within %d s\n",
                 what, REPLY_WAIT_MS / 1000);
        return 2;
    }
    int rc = 0;
    char *status = zmsg_popstr (reply);
    if (status && streq (status, "READY") && zmsg_size (reply) == 0)
        rc = 0;
    else
    if (status && streq (status, "ERROR") && zmsg_size (reply) == 1) {
        char *text = zmsg_popstr (reply);
        fprintf (stderr, "%s\n", text);
        free (text);
        rc = 1;
    }
    else {
        fprintf (stderr, "zdpeer: malformed reply to %s\n", what);
        rc = 1;
    }
    free (status);
    zmsg_destroy (&reply);
    return rc;
}

static int
do_send (zsock_t *sock, int fd, uint64_t file_size, const char *name,
         size_t chunk_bytes, bool use_crc32)
{
    zstr_sendm (sock, "HELLO");
    zstr_send (sock, name);
    //  Waiting for HELLO first keeps its error from being drowned by the
    //  "unknown-transfer" errors the chunks behind it would get
    int rc = await_reply (sock, "HELLO");
    if (rc)
        return rc;

    uint64_t offset = 0;
    int in_transit = 0;
    while (offset < file_size || in_transit > 0) {
        //  A DEALER gets replies in request order, so a counter is all the
        //  bookkeeping a window needs
        while (in_transit < WINDOW && offset < file_size) {
            size_t size = file_size - offset < chunk_bytes
                        ? (size_t) (file_size - offset) : chunk_bytes;
            zframe_t *data = zframe_new (NULL, size);
            ssize_t got = pread (fd, zframe_data (data), size, (off_t) offset);
            if (got != (ssize_t) size) {
                fprintf (stderr, "zdpeer: file changed while reading\n");
                zframe_destroy (&data);
                return 1;
            }
            char *sum = use_crc32
                      ? crc32_hex (zframe_data (data), size)
                      : sha1_hex (zframe_data (data), size);
            zmsg_t *msg = zmsg_new ();
            zmsg_addstr (msg, "CHUNK");
            zmsg_addstr (msg, name);
            zmsg_addstrf (msg, "%" PRIu64, offset);
            zmsg_addstrf (msg, "%zu", size);
            //  crc32 is sent with its prefix and sha1 bare, so that both
            //  ways of naming an algorithm (§6) get exercised
            if (use_crc32)
                zmsg_addstrf (msg, "crc32:%s", sum);
            else
                zmsg_addstr (msg, sum);
            zmsg_append (msg, &data);
            free (sum);
            if (zmsg_send (&msg, sock)) {
                zmsg_destroy (&msg);
                fprintf (stderr, "zdpeer: cannot send a chunk\n");
                return 2;
            }
            offset += size;
            in_transit++;
        }
        rc = await_reply (sock, "CHUNK");
        if (rc)
            return rc;
        in_transit--;
    }

    zstr_sendm (sock, "CLOSE");
    zstr_sendm (sock, name);
    zstr_sendf (sock, "%" PRIu64, file_size);
    return await_reply (sock, "CLOSE");
}

static int
cmd_send (int argc, char *argv [])
{
    if (argc < 5 || argc > 7) {
        fprintf (stderr, "usage: zdpeer send ENDPOINT FILE NAME"
                         " [CHUNK_BYTES [sha1|crc32]]\n");
        return 1;
    }
    const char *endpoint = argv [2], *path = argv [3], *name = argv [4];
    size_t chunk_bytes = 65536;
    if (argc > 5) {
        char *end;
        unsigned long long n = strtoull (argv [5], &end, 10);
        if (*end || n == 0 || n > MAX_CHUNK) {
            fprintf (stderr, "zdpeer: CHUNK_BYTES must be 1..%u\n", MAX_CHUNK);
            return 1;
        }
        chunk_bytes = (size_t) n;
    }
    bool use_crc32 = false;
    if (argc > 6) {
        if (streq (argv [6], "crc32"))
            use_crc32 = true;
        else
        if (!streq (argv [6], "sha1")) {
            fprintf (stderr, "zdpeer: checksum must be sha1 or crc32\n");
            return 1;
        }
    }

    int fd = open (path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat (fd, &st) || !S_ISREG (st.st_mode)) {
        fprintf (stderr, "zdpeer: cannot read %s\n", path);
        if (fd >= 0)
            close (fd);
        return 1;
    }
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    zsock_set_rcvtimeo (sock, REPLY_WAIT_MS);
    zsock_set_sndtimeo (sock, REPLY_WAIT_MS);
    //  Every request has been answered before we exit, so nothing is
    //  left to flush; a short linger just keeps exit from hanging
    zsock_set_linger (sock, 100);
    int rc;
    if (zsock_connect (sock, "%s", endpoint)) {
        fprintf (stderr, "zdpeer: cannot connect to %s\n", endpoint);
        rc = 1;
    }
    else
        rc = do_send (sock, fd, (uint64_t) st.st_size, name,
                      chunk_bytes, use_crc32);
    zsock_destroy (&sock);
    close (fd);
    return rc;
}

//  ---------------------------------------------------------------------
//  Receiver

typedef struct {
    uint64_t lo, hi;
} span_t;

typedef struct {
    char *name;         //  as on the wire; the table key
    zframe_t *owner;    //  routing id of the sender that said HELLO
    int dirfd;          //  folder the file goes into
    char *leaf;         //  last component of the name
    char *part;         //  leaf + PART_SUFFIX, in the same folder
    int fd;
    span_t *spans;      //  bytes answered READY, sorted and merged
    size_t nspans;
} transfer_t;

static transfer_t *transfers [MAX_TRANSFERS];

//  printf into a fresh string; also builds every ERROR text
static char *
strfmt (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *text = zsys_vprintf (format, args);
    va_end (args);
    return text;
}

//  Numbers are strict (§2) so that "007" or "+1" is a bad request, not 7 or 1
static bool
parse_number (zframe_t *frame, uint64_t *value)
{
    size_t len = zframe_size (frame);
    const byte *p = zframe_data (frame);
    if (len < 1 || len > 16 || (len > 1 && p [0] == '0'))
        return false;
    uint64_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (p [i] < '0' || p [i] > '9')
            return false;
        n = n * 10 + (p [i] - '0');
    }
    *value = n;
    return n <= MAX_NUMBER;
}

//  Returns NULL when the name may be used (§4), else why not.
static const char *
bad_name (zframe_t *frame)
{
    size_t len = zframe_size (frame);
    const char *p = (const char *) zframe_data (frame);
    if (len < 1 || len > 4096)
        return "length must be 1 to 4096 bytes";
    if (p [0] == '/')
        return "must be relative";
    if (len >= 2 && isalpha ((unsigned char) p [0]) && p [1] == ':')
        return "must not start with a drive";
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && p [i] != '/') {
            unsigned char c = (unsigned char) p [i];
            if (c < 0x20 || c == 0x7f || c == '\\')
                return "holds a control character or a backslash";
            continue;
        }
        size_t clen = i - start;
        const char *comp = p + start;
        if (clen == 0)
            return "has an empty component";
        if (clen > 255)
            return "has a component longer than 255 bytes";
        if ((clen == 1 && comp [0] == '.')
        ||  (clen == 2 && comp [0] == '.' && comp [1] == '.'))
            return "has a . or .. component";
        start = i + 1;
    }
    //  Our temporary files are NAME.part; refusing such names means a
    //  temporary file can never collide with a file a sender is storing
    size_t slen = strlen (PART_SUFFIX);
    if (len >= slen && memcmp (p + len - slen, PART_SUFFIX, slen) == 0)
        return "ends with " PART_SUFFIX ", which this receiver uses itself";
    return NULL;
}

static transfer_t *
find_transfer (const char *name)
{
    for (int i = 0; i < MAX_TRANSFERS; i++)
        if (transfers [i] && streq (transfers [i]->name, name))
            return transfers [i];
    return NULL;
}

static void
drop_transfer (transfer_t *t, bool delete_part)
{
    for (int i = 0; i < MAX_TRANSFERS; i++)
        if (transfers [i] == t)
            transfers [i] = NULL;
    if (t->fd >= 0)
        close (t->fd);
    if (delete_part)
        unlinkat (t->dirfd, t->part, 0);
    close (t->dirfd);
    zframe_destroy (&t->owner);
    free (t->name);
    free (t->leaf);
    free (t->part);
    free (t->spans);
    free (t);
}

static int
compare_spans (const void *a, const void *b)
{
    const span_t *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

//  Coverage has to be tracked because CLOSE must tell a gap ("incomplete")
//  from a wrong total ("size-mismatch"); the file length cannot show gaps
static void
add_span (transfer_t *t, uint64_t lo, uint64_t hi)
{
    t->spans = realloc (t->spans, (t->nspans + 1) * sizeof (span_t));
    t->spans [t->nspans++] = (span_t) { lo, hi };
    qsort (t->spans, t->nspans, sizeof (span_t), compare_spans);
    size_t out = 0;
    for (size_t i = 1; i < t->nspans; i++) {
        if (t->spans [i].lo <= t->spans [out].hi) {
            if (t->spans [i].hi > t->spans [out].hi)
                t->spans [out].hi = t->spans [i].hi;
        }
        else
            t->spans [++out] = t->spans [i];
    }
    t->nspans = out + 1;
}

static char *
errno_error (const char *what, const char *name)
{
    int e = errno;
    const char *code = e == ENOSPC ? "no-space"
                     : e == ENOTDIR || e == EEXIST ? "exists"
                     : e == ELOOP || e == EACCES || e == EPERM ? "denied"
                     : "io";
    return strfmt ("%s: cannot %s \"%s\": %s",
                       code, what, name, strerror (e));
}

static char *
on_hello (zframe_t *id, zmsg_t *msg, const char *dir)
{
    zframe_t *name_frame = zmsg_first (msg);
    const char *why = bad_name (name_frame);
    if (why)
        return strfmt ("bad-name: the name %s", why);
    char *name = zframe_strdup (name_frame);
    if (find_transfer (name)) {
        char *text = strfmt ("busy: \"%s\" is already being received", name);
        free (name);
        return text;
    }
    int slot = 0;
    while (slot < MAX_TRANSFERS && transfers [slot])
        slot++;
    if (slot == MAX_TRANSFERS) {
        free (name);
        return strfmt ("limit: %d transfers are in transit", MAX_TRANSFERS);
    }

    //  Walk down one folder at a time without following links, so that no
    //  name and no link inside DIR can make us write outside DIR
    int dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        char *text = errno_error ("open the receive folder for", name);
        free (name);
        return text;
    }
    char *rest = strdup (name);
    char *comp = rest, *slash;
    while ((slash = strchr (comp, '/'))) {
        *slash = 0;
        if (mkdirat (dirfd, comp, 0777) && errno != EEXIST) {
            char *text = errno_error ("create a folder for", name);
            close (dirfd);
            free (rest);
            free (name);
            return text;
        }
        int sub = openat (dirfd, comp,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;
        //  Linux says ENOTDIR for a link here too; §3 calls a link on the
        //  path "denied" and a file on the path "exists"
        if (sub < 0 && errno == ENOTDIR
        &&  fstatat (dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0
        &&  S_ISLNK (st.st_mode))
            errno = ELOOP;
        close (dirfd);
        if (sub < 0) {
            char *text = errno_error ("open a folder for", name);
            free (rest);
            free (name);
            return text;
        }
        dirfd = sub;
        comp = slash + 1;
    }
    transfer_t *t = calloc (1, sizeof (transfer_t));
    t->name = name;
    t->owner = zframe_dup (id);
    t->dirfd = dirfd;
    t->leaf = strdup (comp);
    t->part = strfmt ("%s%s", comp, PART_SUFFIX);
    free (rest);
    t->fd = openat (dirfd, t->part,
                    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (t->fd < 0) {
        char *text = errno_error ("create", name);
        drop_transfer (t, false);
        return text;
    }
    transfers [slot] = t;
    return NULL;
}

//  Finds the transfer a CHUNK or CLOSE names, after the checks that come
//  before it in §3's order; sets *error when there is none.
static transfer_t *
named_transfer (zframe_t *id, zframe_t *name_frame, char **error)
{
    const char *why = bad_name (name_frame);
    if (why) {
        *error = strfmt ("bad-name: the name %s", why);
        return NULL;
    }
    char *name = zframe_strdup (name_frame);
    transfer_t *t = find_transfer (name);
    //  A transfer belongs to the sender that opened it (§5)
    if (!t || !zframe_eq (t->owner, id)) {
        *error = strfmt ("unknown-transfer: \"%s\" is not in transit"
                             " from this sender", name);
        t = NULL;
    }
    free (name);
    return t;
}

static char *
on_chunk (zframe_t *id, zmsg_t *msg)
{
    zframe_t *name_frame = zmsg_first (msg);
    zframe_t *offset_frame = zmsg_next (msg);
    zframe_t *size_frame = zmsg_next (msg);
    zframe_t *checksum_frame = zmsg_next (msg);
    zframe_t *data = zmsg_next (msg);
    uint64_t offset, size;
    if (!parse_number (offset_frame, &offset) || !parse_number (size_frame, &size))
        return strfmt ("bad-request: offset and size must be decimal numbers");
    char *error = NULL;
    transfer_t *t = named_transfer (id, name_frame, &error);
    if (!t)
        return error;
    if (size < 1 || size != zframe_size (data))
        return strfmt ("bad-size: size says %" PRIu64 " bytes,"
                           " the data holds %zu", size, zframe_size (data));
    if (size > MAX_CHUNK || offset + size > MAX_NUMBER)
        return strfmt ("too-large: a chunk may hold at most %u bytes",
                           MAX_CHUNK);
    char *checksum = zframe_strdup (checksum_frame);
    const char *why = checksum_mismatch (checksum, zframe_data (data), size);
    if (why)
        error = strfmt ("bad-checksum: \"%s\" at offset %" PRIu64 ": %s",
                            checksum, offset, why);
    free (checksum);
    if (error)
        return error;

    const byte *p = zframe_data (data);
    size_t left = size;
    off_t at = (off_t) offset;
    while (left > 0) {
        ssize_t wrote = pwrite (t->fd, p, left, at);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0)
            return errno_error ("write", t->name);
        p += wrote;
        at += wrote;
        left -= (size_t) wrote;
    }
    add_span (t, offset, offset + size);
    return NULL;
}

//  Links the finished file under its name, or "stem (n).ext" when that is
//  taken: linkat never replaces an existing entry, which rename would.
static int
store_without_overwrite (transfer_t *t)
{
    const char *dot = strrchr (t->leaf, '.');
    if (dot == t->leaf)
        dot = NULL;                 //  ".profile" has no extension
    size_t stem = dot ? (size_t) (dot - t->leaf) : strlen (t->leaf);
    for (int n = 0; n < 10000; n++) {
        char *target = n == 0 ? strdup (t->leaf)
                     : strfmt ("%.*s (%d)%s", (int) stem, t->leaf, n,
                                   dot ? dot : "");
        int rc = linkat (t->dirfd, t->part, t->dirfd, target, 0);
        if (rc == 0 && n > 0)
            fprintf (stderr, "zdpeer: \"%s\" exists, stored as \"%s\"\n",
                     t->leaf, target);
        free (target);
        if (rc == 0)
            return unlinkat (t->dirfd, t->part, 0);
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

static char *
on_close (zframe_t *id, zmsg_t *msg, int *stored)
{
    zframe_t *name_frame = zmsg_first (msg);
    uint64_t size;
    if (!parse_number (zmsg_next (msg), &size))
        return strfmt ("bad-request: size must be a decimal number");
    char *error = NULL;
    transfer_t *t = named_transfer (id, name_frame, &error);
    if (!t)
        return error;

    uint64_t end = t->nspans ? t->spans [t->nspans - 1].hi : 0;
    if (size > 0 && !(t->nspans > 0 && t->spans [0].lo == 0
                                    && t->spans [0].hi >= size))
        error = strfmt ("incomplete: \"%s\" misses bytes below %" PRIu64,
                            t->name, size);
    else
    if (end != size)
        error = strfmt ("size-mismatch: \"%s\" has %" PRIu64 " bytes,"
                            " CLOSE says %" PRIu64, t->name, end, size);
    else
    //  READY promises the file is on disk, so flush data, then the folder
    if (fsync (t->fd) || store_without_overwrite (t) || fsync (t->dirfd))
        error = errno_error ("store", t->name);
    if (!error)
        (*stored)++;
    //  Either way the transfer is over; on error its data goes too (§5)
    drop_transfer (t, error != NULL);
    return error;
}

static void
send_reply (zsock_t *sock, zframe_t *id, bool envelope, char *error)
{
    zmsg_t *reply = zmsg_new ();
    zmsg_append (reply, &id);
    if (envelope)                   //  a REQ sender needs its delimiter back
        zmsg_addmem (reply, NULL, 0);
    if (error) {
        zmsg_addstr (reply, "ERROR");
        zmsg_addstr (reply, error);
    }
    else
        zmsg_addstr (reply, "READY");
    zmsg_send (&reply, sock);
    zmsg_destroy (&reply);
}

static int
cmd_receive (int argc, char *argv [])
{
    if (argc < 4 || argc > 5) {
        fprintf (stderr, "usage: zdpeer receive ENDPOINT DIR [COUNT]\n");
        return 1;
    }
    const char *endpoint = argv [2], *dir = argv [3];
    int count = argc > 4 ? atoi (argv [4]) : 1;
    if (count < 1) {
        fprintf (stderr, "zdpeer: COUNT must be at least 1\n");
        return 1;
    }
    if (zsys_dir_create ("%s", dir)) {
        fprintf (stderr, "zdpeer: cannot create %s\n", dir);
        return 1;
    }
    zsock_t *sock = zsock_new (ZMQ_ROUTER);
    zsock_set_rcvtimeo (sock, IDLE_EXIT_MS);
    //  Above the chunk limit, so a big chunk gets "too-large" instead of
    //  libzmq dropping the connection (§8)
    zsock_set_maxmsgsize (sock, 2 * MAX_CHUNK);
    zsock_set_rcvhwm (sock, 64);
    //  The last READY must still reach the sender after we decide to exit
    zsock_set_linger (sock, 2000);
    if (zsock_bind (sock, "%s", endpoint) < 0) {
        fprintf (stderr, "zdpeer: cannot bind %s: %s\n",
                 endpoint, strerror (errno));
        zsock_destroy (&sock);
        return 1;
    }
    //  With a wildcard port the test needs the port we actually got
    printf ("listening %s\n", strchr (endpoint, '*') ? zsock_endpoint (sock)
                                                     : endpoint);
    fflush (stdout);

    int stored = 0, rc = 0;
    while (stored < count) {
        zmsg_t *msg = zmsg_recv (sock);
        if (!msg) {
            if (zsys_interrupted)
                rc = 130;
            else {
                fprintf (stderr, "zdpeer: no message for %d s, giving up\n",
                         IDLE_EXIT_MS / 1000);
                rc = 3;
            }
            break;
        }
        zframe_t *id = zmsg_pop (msg);
        bool envelope = false;
        zframe_t *first = zmsg_first (msg);
        if (first && zframe_size (first) == 0) {
            zframe_t *delimiter = zmsg_pop (msg);
            zframe_destroy (&delimiter);
            envelope = true;
        }
        zframe_t *command = zmsg_pop (msg);
        size_t args = zmsg_size (msg);
        char *error;
        if (command && zframe_streq (command, "HELLO") && args == 1)
            error = on_hello (id, msg, dir);
        else
        if (command && zframe_streq (command, "CHUNK") && args == 5)
            error = on_chunk (id, msg);
        else
        if (command && zframe_streq (command, "CLOSE") && args == 2)
            error = on_close (id, msg, &stored);
        else
            error = strfmt ("bad-request: expected HELLO with 1 frame,"
                                " CHUNK with 5 or CLOSE with 2");
        if (error)
            fprintf (stderr, "zdpeer: %s\n", error);
        send_reply (sock, id, envelope, error);
        free (error);
        zframe_destroy (&command);
        zmsg_destroy (&msg);
    }
    //  Whatever was left unfinished must not leave a file behind (§7)
    for (int i = 0; i < MAX_TRANSFERS; i++)
        if (transfers [i])
            drop_transfer (transfers [i], true);
    zsock_destroy (&sock);
    return rc;
}

int
main (int argc, char *argv [])
{
    if (argc >= 2 && streq (argv [1], "send"))
        return cmd_send (argc, argv);
    if (argc >= 2 && streq (argv [1], "receive"))
        return cmd_receive (argc, argv);
    fprintf (stderr,
             "usage: zdpeer send ENDPOINT FILE NAME [CHUNK_BYTES [sha1|crc32]]\n"
             "       zdpeer receive ENDPOINT DIR [COUNT]\n");
    return 1;
}
