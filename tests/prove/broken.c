// SPDX-License-Identifier: GPL-2.0-only
/*
 * A contract that does not hold, for tests/prove/test_prove.py: `make
 * prove` must report it as not proved. Never built into the kernel.
 */
#include <kaal/types.h>

/*@ requires \valid(r);
    assigns *r;
    ensures *r == (\old(*r) & mask);
 */
void keep_rights(uint8_t *r, uint8_t mask)
{
	*r = (uint8_t)(*r | mask); /* keeps rights the mask removes */
}
