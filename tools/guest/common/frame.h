/* Layout of struct exc_frame shared between start.S and C. */
#ifndef EMU_GUEST_FRAME_H
#define EMU_GUEST_FRAME_H
#define F_HI        128
#define F_LO        132
#define F_EPC       136
#define F_CAUSE     140
#define F_STATUS    144
#define F_BADVADDR  148
#define F_VEC       152
#define F_SIZE      160

/* Secondary vCPUs start.S can hand work to (smp_stacks has one entry per CPU number). */
#define SMP_MAX_CPUS 8
#endif
