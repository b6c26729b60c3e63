// SPDX-License-Identifier: BSD-2-Clause
/*
 * A Linux process's address space (Documentation/linux.rst, "Memory").
 *
 * Regions (struct vma) say what may be where: the program's segments,
 * its heap (brk), its stack, what it maps. Pages come on demand: the
 * first touch of a page, by the process (a fault comes to us) or by us on
 * its behalf (a pointer it passed), finds the region and makes the page:
 * a read-only page of a program in the archive is mapped straight from
 * the archive's frame; any other is a zeroed frame of the process pool,
 * filled from the file where the region has file bytes, and also mapped
 * into our window (PROC_WINDOW), through which we read and write it. A
 * page table of our own (a hash of entries by page number) remembers
 * each page's capabilities and our view of it.
 *
 * Every pointer of the process is checked against its regions and their
 * protections before we touch anything: a pointer into no region, or
 * into one without the access asked for, is -L_EFAULT, never a fault of
 * ours.
 */
#include <string.h>
#include "linux.h"

#define HASH_BITS 14
_Static_assert(VM_HASH_SIZE == 1u << HASH_BITS, "hash size");
#define KEY_SHIFT 40 /* above every page number + 1 of 48-bit addresses */

/* The pages of every address space, by (space, page number). */
static struct pte ptab[VM_HASH_SIZE];
/* One more than processes: an exec builds its new address space before
 * it gives up the old one. */
#define NR_VMS (LINUX_MAX_PROCS + 1)
static struct vm vms[NR_VMS];

/* A ramfs program is read whole into a buffer (ramfs's largest file),
 * which stays its image while an address space maps it. */
static uint8_t exec_bufs[1][256 * 1024];
static int exec_buf_refs[1];

static unsigned int hash_of(uint64_t key)
{
	return (unsigned int)((key * 0x9e3779b97f4a7c15ull) >>
			      (64 - HASH_BITS));
}

static uint64_t key_of(const struct vm *vm, uint64_t va)
{
	return (uint64_t)vm->id << KEY_SHIFT | ((va >> 12) + 1);
}

static bool key_in(const struct vm *vm, uint64_t key)
{
	return key && key >> KEY_SHIFT == vm->id;
}

static uint64_t key_va(uint64_t key)
{
	return ((key & ((1ull << KEY_SHIFT) - 1)) - 1) << 12;
}

/* Where we see a page's bytes: our window onto it, or the archive's. */
static uint8_t *pte_kva(const struct pte *e)
{
	return (uint8_t *)(e->wcap ? PROC_WINDOW +
					     (uint64_t)e->where * PAGE_SIZE :
				     FILES_WINDOW +
					     (uint64_t)e->where * PAGE_SIZE);
}

static struct pte *pt_find(struct vm *vm, uint64_t va)
{
	uint64_t key = key_of(vm, va);

	for (unsigned int i = hash_of(key), n = 0; n < VM_HASH_SIZE;
	     i = (i + 1) & (VM_HASH_SIZE - 1), n++) {
		if (ptab[i].key == key)
			return &ptab[i];
		if (!ptab[i].key)
			return NULL;
	}
	return NULL;
}

static struct pte *pt_insert(struct vm *vm, uint64_t va)
{
	uint64_t key = key_of(vm, va);

	for (unsigned int i = hash_of(key), n = 0; n < VM_HASH_SIZE;
	     i = (i + 1) & (VM_HASH_SIZE - 1), n++) {
		if (!ptab[i].key) {
			memset(&ptab[i], 0, sizeof(ptab[i]));
			ptab[i].key = key;
			return &ptab[i];
		}
	}
	return NULL;
}

/* Linear probing without tombstones: the entries after a removed one
 * move back when their home is not between the hole and them. */
static void pt_remove(struct pte *e)
{
	unsigned int i = (unsigned int)(e - ptab);
	unsigned int j = i;

	ptab[i].key = 0;
	for (;;) {
		unsigned int k;

		j = (j + 1) & (VM_HASH_SIZE - 1);
		if (!ptab[j].key)
			return;
		k = hash_of(ptab[j].key);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		ptab[i] = ptab[j];
		ptab[j].key = 0;
		i = j;
	}
}

/* ---- program images ---------------------------------------------------- */

uint8_t *exec_buffer_get(int *idx)
{
	for (int i = 0; i < (int)(sizeof(exec_bufs) / sizeof(exec_bufs[0]));
	     i++) {
		if (!exec_buf_refs[i]) {
			*idx = i;
			return exec_bufs[i];
		}
	}
	return NULL;
}

void image_get(struct fileimg *img)
{
	if (img->bufidx >= 0)
		exec_buf_refs[img->bufidx]++;
}

void image_put(struct fileimg *img)
{
	if (img->bufidx >= 0 && exec_buf_refs[img->bufidx] > 0)
		exec_buf_refs[img->bufidx]--;
	img->bufidx = -1;
}

/* ---- address spaces ----------------------------------------------------- */

/* The chunks an address space may take: what its pages, page tables and
 * our window's copies need at most. */
#define VM_QUOTA_CHUNKS                                                       \
	((unsigned int)(((uint64_t)VM_MAX_PAGES * PAGE_SIZE) >> CHUNK_BITS) + \
	 ((VM_MAX_PTABLES + 1) * PAGE_SIZE >> CHUNK_BITS) + 2)

struct vm *vm_alloc(void)
{
	for (unsigned int i = 0; i < NR_VMS; i++) {
		struct vm *vm = &vms[i];

		if (vm->refs)
			continue;
		memset(vm, 0, sizeof(*vm));
		vm->id = i + 1;
		vm->refs = 1;
		vm->mmap_hint = LINUX_MMAP_TOP;
		vm->image.bufidx = -1;
		acct_init(&vm->acct, VM_QUOTA_CHUNKS);
		vm->vspace = acct_object(&vm->acct, KAAL_OBJ_VSPACE, 0);
		if (!vm->vspace) {
			acct_release(&vm->acct);
			vm->refs = 0;
			return NULL;
		}
		return vm;
	}
	return NULL;
}

unsigned int vm_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < NR_VMS; i++)
		n += vms[i].refs > 0;
	return n;
}

/* @fn on every page of @vm there is; @fn may remove the entry. */
static void each_of(struct vm *vm, void (*fn)(struct vm *, struct pte *))
{
	for (unsigned int i = 0; i < VM_HASH_SIZE;) {
		uint64_t key = ptab[i].key;

		if (key_in(vm, key)) {
			fn(vm, &ptab[i]);
			if (ptab[i].key != key)
				continue; /* removed: look at what moved here */
		}
		i++;
	}
}

/* The archive's frames are not the chunks': their copies go one by one. */
static void drop_archive_copy(struct vm *vm, struct pte *e)
{
	(void)vm;
	if (!e->wcap)
		kaal_cap_delete(SYS_CAP_CNODE, e->cap, KAAL_WORD_BITS);
}

/* After the revocation: the slots and windows free, the entry gone. */
static void forget_page(struct vm *vm, struct pte *e)
{
	(void)vm;
	slot_proc_free(e->cap);
	if (e->wcap) {
		slot_proc_free(e->wcap);
		win_free(e->where);
	}
	pt_remove(e);
}

void vm_put(struct vm *vm)
{
	if (!vm || --vm->refs > 0)
		return;
	each_of(vm, drop_archive_copy);
	acct_release(&vm->acct);
	each_of(vm, forget_page);
	for (unsigned int i = 0; i < vm->nspare; i++) {
		slot_proc_free(vm->spare[i].cap);
		slot_proc_free(vm->spare[i].wcap);
		win_free(vm->spare[i].where);
	}
	vm->nspare = 0;
	vm->npages = 0;
	image_put(&vm->image);
	vm->refs = 0;
}

static kaal_word_t map_perms(uint32_t prot)
{
	kaal_word_t p = 0;

	if (prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC))
		p |= KAAL_MAP_READ;
	if (prot & L_PROT_WRITE)
		p |= KAAL_MAP_WRITE;
	if (prot & L_PROT_EXEC)
		p |= KAAL_MAP_EXEC;
	return p;
}

static bool allowed(uint32_t prot, uint32_t access)
{
	if (access & L_PROT_WRITE)
		return prot & L_PROT_WRITE;
	if (access & L_PROT_EXEC)
		return prot & L_PROT_EXEC;
	return prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC);
}

struct vma *vm_find(struct vm *vm, uint64_t va)
{
	for (unsigned int i = 0; i < vm->nvma; i++)
		if (va >= vm->vma[i].start && va < vm->vma[i].end)
			return &vm->vma[i];
	return NULL;
}

static bool range_free(struct vm *vm, uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < vm->nvma; i++)
		if (start < vm->vma[i].end && vm->vma[i].start < end)
			return false;
	return true;
}

long vm_add(struct vm *vm, const struct vma *v)
{
	unsigned int i;

	if (v->start >= v->end || v->end > ELF_USER_TOP ||
	    !range_free(vm, v->start, v->end))
		return -L_EINVAL;
	if (vm->nvma == VM_MAX_VMAS)
		return -L_ENOMEM;
	for (i = vm->nvma; i > 0 && vm->vma[i - 1].start > v->start; i--)
		vm->vma[i] = vm->vma[i - 1];
	vm->vma[i] = *v;
	vm->nvma++;
	return 0;
}

static void vma_remove(struct vm *vm, struct vma *v)
{
	unsigned int i = (unsigned int)(v - vm->vma);

	memmove(&vm->vma[i], &vm->vma[i + 1],
		(vm->nvma - i - 1) * sizeof(vm->vma[0]));
	vm->nvma--;
}

/* Split @v at @at (inside it); the part above is a region of its own.
 * -L_ENOMEM when the table is full. */
static long vma_split(struct vm *vm, struct vma *v, uint64_t at)
{
	struct vma hi = *v;
	unsigned int i = (unsigned int)(v - vm->vma);

	if (at <= v->start || at >= v->end)
		return 0;
	if (vm->nvma == VM_MAX_VMAS)
		return -L_ENOMEM;
	hi.start = at;
	v->end = at;
	memmove(&vm->vma[i + 2], &vm->vma[i + 1],
		(vm->nvma - i - 1) * sizeof(vm->vma[0]));
	vm->vma[i + 1] = hi;
	vm->nvma++;
	return 0;
}

/* The archive page that is page @va of @v, when the page can be mapped
 * straight from the archive: a region that is never written, whose
 * page is a whole page of the file, on a page of its own there. */
static bool archive_page(const struct vma *v, uint64_t va, uint64_t *page)
{
	int64_t fpo;

	if (v->kind != VMA_FILE || !v->img->archive ||
	    (v->prot & L_PROT_WRITE) || va + PAGE_SIZE > v->fend)
		return false;
	fpo = (int64_t)v->foff + ((int64_t)va - (int64_t)v->fvaddr);
	if (fpo < 0 || ((v->img->off + (uint64_t)fpo) & (PAGE_SIZE - 1)) ||
	    (uint64_t)fpo + PAGE_SIZE > v->img->size)
		return false;
	*page = (v->img->off + (uint64_t)fpo) / PAGE_SIZE;
	return true;
}

/* A zeroed private frame: a spare one, or a new one of the pool, also
 * mapped in our window. */
static bool new_frame(struct vm *vm, struct pte *out)
{
	kaal_cptr_t cap, wcap;
	long win;

	if (vm->nspare) {
		*out = vm->spare[--vm->nspare];
		memset(pte_kva(out), 0, PAGE_SIZE);
		return true;
	}
	cap = acct_object(&vm->acct, KAAL_OBJ_PAGE, 0);
	if (!cap)
		return false;
	wcap = cap_dup(cap, KAAL_RIGHTS_ALL);
	win = win_alloc();
	/* Our window's page tables are our own (NULL): they serve every
	 * address space, and outlive each. */
	if (!wcap || win < 0 ||
	    map_frame(SYS_CAP_VSPACE, wcap,
		      PROC_WINDOW + (uint64_t)win * PAGE_SIZE,
		      KAAL_MAP_READ | KAAL_MAP_WRITE, NULL)) {
		cap_drop(wcap);
		cap_drop(cap);
		win_free(win);
		return false;
	}
	out->cap = (uint16_t)cap;
	out->wcap = (uint16_t)wcap;
	out->where = (uint32_t)win;
	return true;
}

/* A private frame no longer mapped in the process: kept for reuse (its
 * memory only returns to the pool when the process ends). */
static void release_frame(struct vm *vm, struct pte *e)
{
	if (!e->wcap) { /* an archive page: only the copy goes */
		cap_drop(e->cap);
		return;
	}
	kaal_memory_unmap(e->cap);
	if (vm->nspare < sizeof(vm->spare) / sizeof(vm->spare[0])) {
		vm->spare[vm->nspare++] = *e;
		return;
	}
	cap_drop(e->wcap);
	cap_drop(e->cap);
	win_free(e->where);
}

/* Fill a private page of @v at @va with its file bytes (the rest stays
 * zero). */
static void fill(const struct vma *v, uint64_t va, uint8_t *kva)
{
	uint64_t lo = va, hi = va + PAGE_SIZE;
	int64_t fpo;

	if (v->kind != VMA_FILE || lo >= v->fend)
		return;
	if (hi > v->fend)
		hi = v->fend;
	fpo = (int64_t)v->foff + ((int64_t)lo - (int64_t)v->fvaddr);
	if (fpo < 0) { /* before the file's first byte: zero */
		lo += (uint64_t)-fpo;
		fpo = 0;
	}
	if (lo >= hi || (uint64_t)fpo >= v->img->size)
		return;
	if (hi - lo > v->img->size - (uint64_t)fpo)
		hi = lo + (v->img->size - (uint64_t)fpo);
	if (v->img->archive)
		files_read(v->img->off + (uint64_t)fpo, kva + (lo - va),
			   hi - lo);
	else
		memcpy(kva + (lo - va), v->img->buf + fpo, hi - lo);
}

static struct pte *populate(struct vm *vm, struct vma *v, uint64_t va,
			    bool *oom)
{
	struct pte f = { 0 }, *e;
	uint64_t page;

	*oom = true;
	if (vm->npages >= VM_MAX_PAGES || !v->prot)
		return NULL;
	if (archive_page(v, va, &page)) {
		const uint8_t *kva = files_page(page);

		kaal_cptr_t cap = kva ? files_frame(page) : 0;

		if (!cap)
			return NULL;
		if (v->prot & L_PROT_EXEC)
			files_sync_icache(page);
		f.cap = (uint16_t)cap;
		f.where = (uint32_t)page;
	} else {
		if (!new_frame(vm, &f))
			return NULL;
		fill(v, va, pte_kva(&f));
		if (v->prot & L_PROT_EXEC)
			sync_icache(pte_kva(&f), PAGE_SIZE);
	}
	if (map_frame(vm->vspace, f.cap, va, map_perms(v->prot), &vm->acct)) {
		release_frame(vm, &f);
		return NULL;
	}
	e = pt_insert(vm, va);
	if (!e) { /* cannot be: the table has twice the pages' room */
		release_frame(vm, &f);
		return NULL;
	}
	f.key = e->key;
	f.prot = v->prot;
	*e = f;
	vm->npages++;
	*oom = false;
	return e;
}

uint8_t *vm_page(struct vm *vm, uint64_t va, uint32_t access, bool *oom)
{
	uint64_t page = va & PAGE_MASK;
	struct vma *v;
	struct pte *e;

	*oom = false;
	if (va >= ELF_USER_TOP)
		return NULL;
	v = vm_find(vm, va);
	if (!v || !allowed(v->prot, access))
		return NULL;
	e = pt_find(vm, page);
	if (!e)
		e = populate(vm, v, page, oom);
	return e ? pte_kva(e) + (va - page) : NULL;
}

int vm_fault(struct vm *vm, uint64_t va, uint32_t access)
{
	struct vma *v = va < ELF_USER_TOP ? vm_find(vm, va) : NULL;
	bool oom;

	if (!v || !allowed(v->prot, access) || pt_find(vm, va & PAGE_MASK))
		return -1;
	return populate(vm, v, va & PAGE_MASK, &oom) ? 0 : -2;
}

long copy_in(struct vm *vm, void *dst, uint64_t src, size_t n)
{
	uint8_t *out = dst;

	while (n) {
		size_t chunk = PAGE_SIZE - (src & (PAGE_SIZE - 1));
		bool oom;
		const uint8_t *p = vm_page(vm, src, L_PROT_READ, &oom);

		if (!p)
			return -L_EFAULT;
		if (chunk > n)
			chunk = n;
		memcpy(out, p, chunk);
		out += chunk;
		src += chunk;
		n -= chunk;
	}
	return 0;
}

long copy_out(struct vm *vm, uint64_t dst, const void *src, size_t n)
{
	const uint8_t *in = src;

	while (n) {
		size_t chunk = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
		bool oom;
		uint8_t *p = vm_page(vm, dst, L_PROT_WRITE, &oom);

		if (!p)
			return -L_EFAULT;
		if (chunk > n)
			chunk = n;
		memcpy(p, in, chunk);
		in += chunk;
		dst += chunk;
		n -= chunk;
	}
	return 0;
}

long vm_poke(struct vm *vm, uint64_t va, const void *src, size_t n)
{
	const uint8_t *in = src;

	while (n) {
		uint64_t page = va & PAGE_MASK;
		size_t chunk = PAGE_SIZE - (va - page);
		struct vma *v = va < ELF_USER_TOP ? vm_find(vm, va) : NULL;
		struct pte *e;
		bool oom;

		if (!v)
			return -L_EFAULT;
		e = pt_find(vm, page);
		if (!e)
			e = populate(vm, v, page, &oom);
		if (!e || !e->wcap)
			return -L_EFAULT; /* an archive page: never written */
		if (chunk > n)
			chunk = n;
		memcpy(pte_kva(e) + (va - page), in, chunk);
		if (e->prot & L_PROT_EXEC)
			sync_icache(pte_kva(e), PAGE_SIZE);
		in += chunk;
		va += chunk;
		n -= chunk;
	}
	return 0;
}

long copy_in_str(struct vm *vm, char *dst, uint64_t src, size_t max)
{
	size_t len = 0;

	while (len < max) {
		size_t chunk = PAGE_SIZE - (src & (PAGE_SIZE - 1));
		bool oom;
		const uint8_t *p = vm_page(vm, src, L_PROT_READ, &oom);
		const uint8_t *nul;

		if (!p)
			return -L_EFAULT;
		if (chunk > max - len)
			chunk = max - len;
		nul = memchr(p, 0, chunk);
		if (nul) {
			memcpy(dst + len, p, (size_t)(nul - p) + 1);
			return (long)(len + (size_t)(nul - p));
		}
		memcpy(dst + len, p, chunk);
		len += chunk;
		src += chunk;
	}
	return -L_ENAMETOOLONG;
}

/* The pages of [start, end) that are there: @fn on each (it may remove
 * the entry). By page number for a small range, else over the table. */
static void each_page(struct vm *vm, uint64_t start, uint64_t end,
		      void (*fn)(struct vm *, struct pte *, void *), void *arg)
{
	if ((end - start) / PAGE_SIZE <= VM_HASH_SIZE) {
		for (uint64_t va = start; va < end; va += PAGE_SIZE) {
			struct pte *e = pt_find(vm, va);

			if (e)
				fn(vm, e, arg);
		}
		return;
	}
	for (unsigned int i = 0; i < VM_HASH_SIZE;) {
		struct pte *e = &ptab[i];
		uint64_t key = e->key;
		uint64_t va = key_va(key);

		if (key_in(vm, key) && va >= start && va < end) {
			fn(vm, e, arg);
			if (e->key != key)
				continue; /* removed: look at what moved here */
		}
		i++;
	}
}

static void drop_page(struct vm *vm, struct pte *e, void *arg)
{
	(void)arg;
	release_frame(vm, e);
	pt_remove(e);
	vm->npages--;
}

static bool range_ok(uint64_t addr, uint64_t len, uint64_t *end)
{
	if ((addr & (PAGE_SIZE - 1)) || !len || len > ELF_USER_TOP ||
	    addr > ELF_USER_TOP - len)
		return false;
	*end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;
	return *end <= ELF_USER_TOP;
}

long vm_munmap(struct vm *vm, uint64_t addr, uint64_t len)
{
	uint64_t end;

	if (!range_ok(addr, len, &end))
		return -L_EINVAL;
	for (unsigned int i = 0; i < vm->nvma;) {
		struct vma *v = &vm->vma[i];

		if (v->end <= addr || v->start >= end) {
			i++;
			continue;
		}
		/* Cut the region to the part inside [addr, end). */
		if (v->start < addr) {
			if (vma_split(vm, v, addr))
				return -L_ENOMEM;
			i++;
			continue;
		}
		if (v->end > end && vma_split(vm, v, end))
			return -L_ENOMEM;
		each_page(vm, v->start, v->end, drop_page, NULL);
		vma_remove(vm, v);
	}
	return 0;
}

long vm_dontneed(struct vm *vm, uint64_t addr, uint64_t len)
{
	uint64_t end;

	if (!range_ok(addr, len, &end))
		return -L_EINVAL;
	/* Gone: the next touch makes the page afresh, from the file or
	 * zero, as Linux does for private mappings. */
	each_page(vm, addr, end, drop_page, NULL);
	return 0;
}

static void protect_page(struct vm *vm, struct pte *e, void *arg)
{
	uint32_t prot = *(uint32_t *)arg;
	uint64_t va = key_va(e->key);

	if (!prot) {
		if (e->prot)
			kaal_memory_unmap(e->cap);
		e->prot = 0;
		return;
	}
	if (!e->wcap && (prot & L_PROT_WRITE)) {
		/* An archive page made writable: a private copy first. */
		struct pte f = { 0 };

		if (!new_frame(vm, &f))
			return; /* it stays read-only; a write faults */
		memcpy(pte_kva(&f), pte_kva(e), PAGE_SIZE);
		cap_drop(e->cap);
		f.key = e->key;
		f.prot = 0;
		*e = f;
	}
	if (!e->prot) {
		if (map_frame(vm->vspace, e->cap, va, map_perms(prot),
			      &vm->acct))
			return;
	} else if (kaal_memory_protect(e->cap, map_perms(prot))) {
		return;
	}
	if ((prot & L_PROT_EXEC) && e->wcap)
		sync_icache(pte_kva(e), PAGE_SIZE);
	e->prot = prot;
}

long vm_mprotect(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot)
{
	uint64_t end, at;

	if (prot & ~(uint32_t)(L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC))
		return -L_EINVAL;
	if ((prot & L_PROT_WRITE) && (prot & L_PROT_EXEC))
		return -L_EACCES; /* KaaL never maps memory W+X */
	if (addr & (PAGE_SIZE - 1))
		return -L_EINVAL;
	if (!len)
		return 0;
	if (!range_ok(addr, len, &end))
		return -L_ENOMEM;
	/* Every page of the range must be in a region. */
	for (at = addr; at < end;) {
		struct vma *v = vm_find(vm, at);

		if (!v)
			return -L_ENOMEM;
		at = v->end;
	}
	for (at = addr; at < end;) {
		struct vma *v = vm_find(vm, at);

		if (v->start < at) {
			if (vma_split(vm, v, at))
				return -L_ENOMEM;
			continue;
		}
		if (v->end > end && vma_split(vm, v, end))
			return -L_ENOMEM;
		v->prot = prot;
		at = v->end;
		each_page(vm, v->start, v->end, protect_page, &prot);
	}
	return 0;
}

/* A free range of @len bytes for mmap: at @hint if free, else the
 * highest below the last one handed out. */
static uint64_t find_free(struct vm *vm, uint64_t hint, uint64_t len)
{
	uint64_t at;

	if (hint && !(hint & (PAGE_SIZE - 1)) && hint >= LINUX_MMAP_MIN &&
	    hint <= ELF_USER_TOP - len && range_free(vm, hint, hint + len))
		return hint;
	for (int pass = 0; pass < 2; pass++) {
		at = (pass ? LINUX_MMAP_TOP : vm->mmap_hint) - len;
		while (at >= LINUX_MMAP_MIN && at < LINUX_MMAP_TOP) {
			struct vma *below = NULL;

			for (unsigned int i = 0; i < vm->nvma; i++)
				if (at < vm->vma[i].end &&
				    vm->vma[i].start < at + len)
					below = &vm->vma[i];
			if (!below)
				return at;
			if (below->start < len)
				break;
			at = below->start - len;
		}
	}
	return 0;
}

long vm_mmap(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot,
	     uint32_t flags, const struct fileimg *img, uint64_t off)
{
	uint32_t type = flags & L_MAP_TYPE;
	struct vma v = { 0 };
	uint64_t end;
	long err;

	if (!len || len > LINUX_MMAP_TOP - LINUX_MMAP_MIN)
		return len ? -L_ENOMEM : -L_EINVAL;
	/* As Linux's overcommit heuristic refuses a mapping larger than
	 * all memory: one larger than the process may ever have (an
	 * inaccessible reservation is free). */
	if (prot && len > (uint64_t)VM_MAX_PAGES * PAGE_SIZE)
		return -L_ENOMEM;
	len = (len + PAGE_SIZE - 1) & PAGE_MASK;
	if (off & (PAGE_SIZE - 1))
		return -L_EINVAL;
	if (type != L_MAP_PRIVATE && type != L_MAP_SHARED && type != 3)
		return -L_EINVAL;
	if (prot & ~(uint32_t)(L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC))
		return -L_EINVAL;
	if ((prot & L_PROT_WRITE) && (prot & L_PROT_EXEC))
		return -L_EACCES; /* KaaL never maps memory W+X */
	if (flags & (L_MAP_FIXED | L_MAP_FIXED_NOREPLACE)) {
		if (!range_ok(addr, len, &end))
			return -L_EINVAL;
		if (!range_free(vm, addr, end)) {
			if (flags & L_MAP_FIXED_NOREPLACE)
				return -L_EEXIST;
			err = vm_munmap(vm, addr, len);
			if (err)
				return err;
		}
	} else {
		addr = find_free(vm, addr, len);
		if (!addr)
			return -L_ENOMEM;
		vm->mmap_hint = addr;
	}
	v.start = addr;
	v.end = addr + len;
	v.prot = prot;
	v.kind = img ? VMA_FILE : VMA_ANON;
	if (img) {
		v.img = img;
		v.fvaddr = addr;
		v.foff = off;
		v.fend = off < img->size ? addr + (img->size - off < len ?
							   img->size - off :
							   len) :
					   addr;
	}
	err = vm_add(vm, &v);
	return err ? err : (long)addr;
}

uint64_t vm_brk(struct vm *vm, uint64_t want)
{
	uint64_t cur = (vm->brk + PAGE_SIZE - 1) & PAGE_MASK;
	uint64_t top = (want + PAGE_SIZE - 1) & PAGE_MASK;
	struct vma *heap = NULL;

	if (want < vm->brk_start || want > vm->brk_start + LINUX_BRK_MAX)
		return vm->brk;
	for (unsigned int i = 0; i < vm->nvma; i++)
		if (vm->vma[i].heap)
			heap = &vm->vma[i];
	if (top > cur) {
		struct vma v = { .start = cur,
				 .end = top,
				 .prot = L_PROT_READ | L_PROT_WRITE,
				 .kind = VMA_ANON,
				 .heap = true };

		if (!range_free(vm, cur, top))
			return vm->brk;
		if (heap && heap->end == cur)
			heap->end = top;
		else if (vm_add(vm, &v))
			return vm->brk;
	} else if (top < cur) {
		vm_munmap(vm, top, cur - top);
	}
	vm->brk = want;
	return vm->brk;
}

/* ---- fork ---------------------------------------------------------------- */

/* A copy of @e (of the parent) in @dst: an archive page shared, a
 * private one copied now. 0 or -L_ENOMEM. */
static long copy_page(struct vm *dst, const struct pte *e)
{
	uint64_t va = key_va(e->key);
	struct pte f = { 0 }, *n;

	if (!e->wcap) {
		kaal_cptr_t cap = files_frame(e->where);

		if (!cap)
			return -L_ENOMEM;
		f.cap = (uint16_t)cap;
		f.where = e->where;
	} else {
		if (!new_frame(dst, &f))
			return -L_ENOMEM;
		memcpy(pte_kva(&f), pte_kva(e), PAGE_SIZE);
		if (e->prot & L_PROT_EXEC)
			sync_icache(pte_kva(&f), PAGE_SIZE);
	}
	if (e->prot &&
	    map_frame(dst->vspace, f.cap, va, map_perms(e->prot), &dst->acct)) {
		release_frame(dst, &f);
		return -L_ENOMEM;
	}
	n = pt_insert(dst, va);
	if (!n) {
		release_frame(dst, &f);
		return -L_ENOMEM;
	}
	f.key = n->key;
	f.prot = e->prot;
	*n = f;
	dst->npages++;
	return 0;
}

long vm_clone(struct vm *dst, struct vm *src)
{
	memcpy(dst->vma, src->vma, sizeof(dst->vma));
	dst->nvma = src->nvma;
	dst->brk_start = src->brk_start;
	dst->brk = src->brk;
	dst->mmap_hint = src->mmap_hint;
	dst->image = src->image;
	image_get(&dst->image);
	for (unsigned int i = 0; i < dst->nvma; i++)
		if (dst->vma[i].img == &src->image)
			dst->vma[i].img = &dst->image;
	/* Entries of @dst go into empty places only: the walk over @src's
	 * sees each of its pages once. */
	for (unsigned int i = 0; i < VM_HASH_SIZE; i++) {
		if (key_in(src, ptab[i].key)) {
			long err = copy_page(dst, &ptab[i]);

			if (err)
				return err;
		}
	}
	return 0;
}
