// SPDX-License-Identifier: GPL-2.0-only
/*
 * The typed capability accessors (include/kaal/capability.h): for each
 * type, every field set through its accessor reads back, whatever else of
 * that type was set after it, so no two fields of one type share bits;
 * the fields every type has stay as they were; and (the unit tests build
 * as a debug kernel) an accessor for another type panics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <kaal/object.h>

#include "ktest.h"

static jmp_buf on_panic;
static bool expect_panic;

void panic(const char *fmt, ...)
{
	va_list ap;

	if (expect_panic)
		longjmp(on_panic, 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* Every field a capability of any type has, set to values no accessor
 * writes, so that a stray write shows. */
#define RIGHTS	  0x15u
#define SIZE_BITS 33u
#define FLAGS	  (CAP_F_ORIGINAL | CAP_F_DEVICE)
#define OBJECT	  0x1122334455667788ull

static struct cap base(unsigned int type)
{
	return (struct cap){ .type = (uint8_t)type,
			     .rights = RIGHTS,
			     .size_bits = SIZE_BITS,
			     .flags = FLAGS,
			     .object = OBJECT };
}

static void check_common(const struct cap *c, unsigned int type)
{
	CHECK_EQ_UINT(type, c->type);
	CHECK_EQ_UINT(RIGHTS, c->rights);
	CHECK_EQ_UINT(SIZE_BITS, c->size_bits);
	CHECK_EQ_UINT(FLAGS, c->flags & ~(CAP_F_DYING | CAP_F_ONE_LEVEL));
	CHECK_EQ_UINT(OBJECT, c->object);
}

TEST(layout_is_four_words)
{
	CHECK_EQ_UINT(32, sizeof(struct cap));
	CHECK_EQ_UINT(64, sizeof(struct cte));
}

TEST(untyped_watermark_and_clean_mark_apart)
{
	struct cap c = base(KAAL_OBJ_UNTYPED);

	cap_untyped_set_watermark(&c, 0xa0a0a0a0a0a0a0a0ull);
	cap_untyped_set_clean(&c, 0xc1c1c1c1c1c1c1c1ull);
	CHECK_EQ_UINT(0xa0a0a0a0a0a0a0a0ull, cap_untyped_watermark(&c));
	CHECK_EQ_UINT(0xc1c1c1c1c1c1c1c1ull, cap_untyped_clean(&c));
	cap_untyped_set_watermark(&c, 0x4000);
	CHECK_EQ_UINT(0xc1c1c1c1c1c1c1c1ull, cap_untyped_clean(&c));
	CHECK_EQ_UINT(0x4000, cap_untyped_watermark(&c));
	check_common(&c, KAAL_OBJ_UNTYPED);
}

TEST(endpoint_and_notification_badges)
{
	struct cap e = base(KAAL_OBJ_ENDPOINT), n = base(KAAL_OBJ_NOTIFICATION);

	cap_set_badge(&e, 0xbadbadbadbadull);
	cap_set_badge(&n, 0xfeedfeedull);
	CHECK_EQ_UINT(0xbadbadbadbadull, cap_ep_badge(&e));
	CHECK_EQ_UINT(0xbadbadbadbadull, cap_badge(&e));
	CHECK_EQ_UINT(0xfeedfeedull, cap_ntfn_badge(&n));
	CHECK_EQ_UINT(0xfeedfeedull, cap_badge(&n));
	CHECK(cap_has_badge(&e) && cap_has_badge(&n));
	CHECK(!cap_has_badge(&(struct cap){ .type = KAAL_OBJ_CNODE }));
	check_common(&e, KAAL_OBJ_ENDPOINT);
	check_common(&n, KAAL_OBJ_NOTIFICATION);
}

TEST(cnode_guard_bits_guard_and_radix_apart)
{
	struct cap c = base(KAAL_OBJ_CNODE);
	struct cte slots[4];
	struct cap m = cap_make_cnode(slots, 2, 61, 0x5);

	cap_cnode_set_guard(&c, 31, 0x7fffffffull);
	CHECK_EQ_UINT(31, cap_cnode_guard_bits(&c));
	CHECK_EQ_UINT(0x7fffffffull, cap_cnode_guard(&c));
	CHECK_EQ_UINT(SIZE_BITS, cap_cnode_radix(&c));
	check_common(&c, KAAL_OBJ_CNODE);

	CHECK_EQ_UINT(KAAL_OBJ_CNODE, m.type);
	CHECK_EQ_UINT(KAAL_RIGHTS_ALL, m.rights);
	CHECK_EQ_UINT(2, cap_cnode_radix(&m));
	CHECK_EQ_UINT(61, cap_cnode_guard_bits(&m));
	CHECK_EQ_UINT(0x5, cap_cnode_guard(&m));
	CHECK_EQ_PTR(slots, cap_object(&m));
	CHECK_EQ_UINT(0, m.flags);
}

TEST(vspace_id_root_and_asid)
{
	struct cap c = base(KAAL_OBJ_VSPACE);

	cap_vspace_set_id(&c, 0x40123000ull | 0xabc);
	CHECK_EQ_UINT(0x40123000ull | 0xabc, cap_vspace_id(&c));
	CHECK_EQ_UINT(0x40123000ull, cap_vspace_root_pa(&c));
	CHECK_EQ_UINT(0xabc, cap_vspace_asid(&c));
	CHECK_EQ_UINT(0x40123abcull, cap_vspace_of(&c));
	check_common(&c, KAAL_OBJ_VSPACE);
}

static void check_frame(unsigned int type, unsigned int level)
{
	struct cap c = base(type);
	struct cap m = cap_make_frame(type, 0x80000000ull, KAAL_RIGHT_READ,
				      CAP_F_ORIGINAL);

	cap_frame_set_mapped(&c, 0x40123000ull | 0x5a5, 0x7fff0000f000ull, 0x3);
	CHECK_EQ_UINT(0x7fff0000f000ull, cap_frame_mapped_vaddr(&c));
	CHECK_EQ_UINT(0x40123000ull | 0x5a5, cap_frame_mapped_vspace(&c));
	CHECK_EQ_UINT(0x5a5, cap_frame_asid(&c));
	CHECK_EQ_UINT(0x3, cap_frame_perms(&c));
	CHECK_EQ_UINT(0x7fff0000f000ull, cap_mapped_vaddr(&c));
	CHECK_EQ_UINT(0x40123000ull | 0x5a5, cap_mapped_vspace(&c));
	CHECK_EQ_UINT(0x40123000ull | 0x5a5, cap_vspace_of(&c));
	CHECK_EQ_UINT(level, cap_frame_level(&c));
	CHECK_EQ_UINT(SIZE_BITS, cap_frame_size_bits(&c));

	cap_frame_set_perms(&c, 0x5);
	CHECK_EQ_UINT(0x5, cap_frame_perms(&c));
	CHECK_EQ_UINT(0x7fff0000f000ull, cap_frame_mapped_vaddr(&c));
	CHECK_EQ_UINT(0x40123000ull | 0x5a5, cap_frame_mapped_vspace(&c));
	check_common(&c, type);

	cap_clear_mapped(&c);
	CHECK_EQ_UINT(0, cap_frame_perms(&c));
	CHECK_EQ_UINT(0, cap_frame_mapped_vaddr(&c));
	CHECK_EQ_UINT(0, cap_frame_mapped_vspace(&c));
	check_common(&c, type);

	CHECK_EQ_UINT(type, m.type);
	CHECK_EQ_UINT(KAAL_RIGHT_READ, m.rights);
	CHECK_EQ_UINT(CAP_F_ORIGINAL, m.flags);
	CHECK_EQ_UINT(0x80000000ull, m.object);
	CHECK_EQ_UINT(level == 3 ? KAAL_PAGE_BITS : KAAL_LARGE_PAGE_BITS,
		      cap_frame_size_bits(&m));
	CHECK_EQ_UINT(0, cap_frame_mapped_vspace(&m));
}

TEST(page_mapping_fields_apart)
{
	check_frame(KAAL_OBJ_PAGE, 3);
}

TEST(large_page_mapping_fields_apart)
{
	check_frame(KAAL_OBJ_LARGE_PAGE, 2);
}

TEST(page_table_mapping_fields_apart)
{
	struct cap c = base(KAAL_OBJ_PAGE_TABLE);

	cap_pt_set_mapped(&c, 0x40123000ull | 0x001, 0x40000000ull, 2);
	CHECK_EQ_UINT(2, cap_pt_level(&c));
	CHECK_EQ_UINT(0x40000000ull, cap_pt_mapped_vaddr(&c));
	CHECK_EQ_UINT(0x40123001ull, cap_pt_mapped_vspace(&c));
	CHECK_EQ_UINT(0x40000000ull, cap_mapped_vaddr(&c));
	CHECK_EQ_UINT(0x40123001ull, cap_mapped_vspace(&c));
	CHECK_EQ_UINT(0x40123001ull, cap_vspace_of(&c));
	check_common(&c, KAAL_OBJ_PAGE_TABLE);
	cap_clear_mapped(&c);
	CHECK_EQ_UINT(0, cap_pt_level(&c));
	CHECK_EQ_UINT(0, cap_pt_mapped_vaddr(&c));
	CHECK_EQ_UINT(0, cap_pt_mapped_vspace(&c));
	check_common(&c, KAAL_OBJ_PAGE_TABLE);
}

TEST(irq_handler_line_is_its_object)
{
	struct cap c = cap_make_irq_handler(1023);

	CHECK_EQ_UINT(KAAL_OBJ_IRQ_HANDLER, c.type);
	CHECK_EQ_UINT(KAAL_RIGHTS_ALL, c.rights);
	CHECK_EQ_UINT(1023, cap_irq_line(&c));
	CHECK_EQ_UINT(1023, c.object);
}

/* The dying state overlays the type's fields (kernel/cspace.c): a dying
 * CNode must have no guard bits, which is what the fast path tests. */
TEST(dying_up_and_cursor_apart)
{
	static const unsigned int types[] = { KAAL_OBJ_CNODE, KAAL_OBJ_TCB,
					      KAAL_OBJ_ENDPOINT,
					      KAAL_OBJ_NOTIFICATION };
	struct cte up, other;

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		struct cap c = base(types[i]);

		if (types[i] == KAAL_OBJ_CNODE)
			cap_cnode_set_guard(&c, 31, 0x7fffffffull);
		else if (types[i] != KAAL_OBJ_TCB)
			cap_set_badge(&c, 0xbadbadull);
		cap_set_dying(&c, &up);
		CHECK(c.flags & CAP_F_DYING);
		CHECK_EQ_PTR(&up, cap_dying_up(&c));
		CHECK_EQ_UINT(0, cap_dying_cursor(&c));
		cap_dying_advance(&c);
		cap_dying_advance(&c);
		CHECK_EQ_UINT(2, cap_dying_cursor(&c));
		cap_dying_set_up(&c, &other);
		CHECK_EQ_PTR(&other, cap_dying_up(&c));
		CHECK_EQ_UINT(2, cap_dying_cursor(&c));
		if (types[i] == KAAL_OBJ_CNODE)
			CHECK_EQ_UINT(0, cap_cnode_guard_bits(&c));
		check_common(&c, types[i]);
	}
	CHECK_NULL(cap_dying_up(&(struct cap){ .flags = CAP_F_DYING }));
}

/* Does @read panic (a debug build's type check)? */
#define PANICS(read)                            \
	({                                      \
		volatile bool panicked = false; \
		expect_panic = true;            \
		if (setjmp(on_panic))           \
			panicked = true;        \
		else                            \
			(void)(read);           \
		expect_panic = false;           \
		panicked;                       \
	})

TEST(accessor_of_another_type_panics_in_debug_builds)
{
	struct cap n = base(KAAL_OBJ_NOTIFICATION);
	struct cap e = base(KAAL_OBJ_ENDPOINT);
	struct cap t = base(KAAL_OBJ_TCB);

	CHECK(PANICS(cap_ep_badge(&n)));
	CHECK(PANICS(cap_ntfn_badge(&e)));
	CHECK(PANICS(cap_badge(&t)));
	CHECK(PANICS(cap_cnode_guard(&e)));
	CHECK(PANICS(cap_untyped_watermark(&t)));
	CHECK(PANICS(cap_frame_mapped_vaddr(
		&(struct cap){ .type = KAAL_OBJ_PAGE_TABLE })));
	CHECK(PANICS(cap_pt_level(&(struct cap){ .type = KAAL_OBJ_PAGE })));
	CHECK(PANICS(cap_vspace_id(&t)));
	CHECK(PANICS(cap_irq_line(&t)));
	CHECK(PANICS(cap_dying_cursor(&t)));
	CHECK(!PANICS(cap_ep_badge(&e)));
}

/* The one-level decode word and its mark follow every guard change, and a
 * dying CNode loses them: a stale word would let the IPC fast path decode
 * a cptr with a guard the CNode no longer has (kernel/fastpath.c). */
TEST(cnode_one_level_decode_follows_the_guard)
{
	struct cte slots[16];
	struct cap c = cap_make_cnode(slots, 4, 60, 0xabc);

	CHECK(cap_cnode_one_level(&c));
	CHECK_EQ_UINT(0xabcull << 4, cap_cnode_decode_word(&c));
	cap_cnode_set_guard(&c, 59, 0x5); /* two levels now */
	CHECK(!cap_cnode_one_level(&c));
	CHECK_EQ_UINT(0, c.w2);
	cap_cnode_set_guard(&c, 60, 0x7);
	CHECK(cap_cnode_one_level(&c));
	CHECK_EQ_UINT(0x7ull << 4, cap_cnode_decode_word(&c));
	/* Guard bits above the guard size are not part of the guard. */
	cap_cnode_set_guard(&c, 60, 0x7 | (1ull << 63));
	CHECK_EQ_UINT(0x7ull << 4, cap_cnode_decode_word(&c));
	cap_set_dying(&c, NULL);
	CHECK(!cap_cnode_one_level(&c));
	/* Only a CNode is ever one-level. */
	CHECK(!cap_cnode_one_level(
		&(struct cap){ .type = KAAL_OBJ_ENDPOINT, .w1 = ~0ull }));
}

/* A VSpace's switch token is set with its id; id 0 (no address space)
 * gives token 0. */
TEST(vspace_switch_token_follows_the_id)
{
	struct cap c = base(KAAL_OBJ_VSPACE);

	cap_vspace_set_id(&c, 0x40123000ull | 0xabc);
	CHECK_EQ_UINT(arch_vspace_token(0x40123000ull, 0xabc),
		      cap_vspace_token(&c));
	CHECK(cap_vspace_token(&c) != 0);
	cap_vspace_set_id(&c, 0);
	CHECK_EQ_UINT(0, cap_vspace_token(&c));
	check_common(&c, KAAL_OBJ_VSPACE);
}
