// SPDX-License-Identifier: BSD-2-Clause
/* The console service's client side (libsys/console.h). */
#include <string.h>
#include <libkaal/syscalls.h>
#include <libsys/console.h>

/* The IPC buffer of the calling thread: crt0-started programs have theirs
 * at the address the info page or bootinfo gives; libkaal keeps it in
 * kaal_ipc_buffer_get(). */
#include <libsys/component.h>

long console_write(kaal_cptr_t ep, const char *s, size_t len)
{
	struct kaal_ipc_buffer *ipc =
		(struct kaal_ipc_buffer *)SYS_IPC_BUFFER_VADDR;

	while (len) {
		size_t n = len < CONSOLE_WRITE_MAX ? len : CONSOLE_WRITE_MAX;
		unsigned int words = 1 + (unsigned int)((n + 7) / 8);
		kaal_word_t w[KAAL_MSG_MAX_WORDS] = { n };
		struct kaal_msg m;
		struct kaal_recv_ret r;

		memcpy(&w[1], s, n);
		m.info = KAAL_MSGINFO(CONSOLE_WRITE, 0, words);
		memcpy(m.mr, w, sizeof(m.mr));
		if (words > KAAL_MSG_REG_WORDS)
			memcpy(&ipc->mr[KAAL_MSG_REG_WORDS],
			       &w[KAAL_MSG_REG_WORDS],
			       (words - KAAL_MSG_REG_WORDS) * 8);
		r = kaal_call(ep, &m);
		if (r.error)
			return -(long)r.error;
		if (KAAL_MSGINFO_LABEL(r.msg.info))
			return -(long)KAAL_MSGINFO_LABEL(r.msg.info);
		s += n;
		len -= n;
	}
	return 0;
}
