/*
 * test_faults.c - saving a model survives the faults of real machines:
 * a full disk, a rename that fails, a target that is not a file, and a
 * process killed in the middle of a save. In every case the previous model
 * must still load and give the same predictions.
 *
 * The full disk is simulated with RLIMIT_FSIZE in a child process (writes
 * past the limit fail with EFBIG, as they would with ENOSPC, without
 * needing root or a small file system).
 *
 * usage: test_faults TMPDIR_PARENT   (prints "N passed, M failed")
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "newsclass.h"

static int passed, failed;

static void check(int ok, const char *what)
{
	if (ok)
		passed++;
	else
		failed++;
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	fflush(stdout);
}

static const char *const texts[] = {
	"foundry wafer output memory chip prices climbed",
	"memory chipmaker record DRAM sales server demand",
	"lithography scanner deliveries to fabs slipped",
	"processor prices fell chip inventories swelled",
	"state grant battery cell plant electric vehicles",
	"cathode factory investment lithium refinery plant",
	"solar farm battery storage financed by lenders",
	"carmaker invests battery line vehicle plant",
	"ministries agree to share outbreak data vaccines",
	"vaccine makers sign joint program partners",
	"agencies form alliance pandemic drug approvals",
	"universities partner genomics memorandum summit",
};
static const char *const labels[] = { "market", "investment", "cooperation" };

/* A model; `big` repeats the documents with extra words so that saving
 * takes long enough to be interrupted. */
static nc_model *make_model(int big)
{
	nc_dataset *ds;
	nc_model *m = NULL;
	nc_train_options o = NC_TRAIN_OPTIONS_INIT;
	char buf[8192];
	size_t i, k;

	o.ngram_max = big ? 3 : 1;
	o.threads = 1;
	if (nc_dataset_new(&ds))
		return NULL;
	for (k = 0; k < (big ? 400u : 1u); k++)
		for (i = 0; i < sizeof texts / sizeof *texts; i++) {
			const char *l = labels[i / 4];
			int n = snprintf(buf, sizeof buf, "%s", texts[i]);
			if (big) {
				size_t w;
				for (w = 0; w < 40; w++)
					n += snprintf(buf + n, sizeof buf - (size_t)n, " w%zu_%zu", k, (w * 7 + i) % 97);
			}
			nc_dataset_add(ds, NULL, buf, (size_t)n, &l, 1);
		}
	nc_model_train(&m, ds, &o, NULL, NULL);
	nc_dataset_free(ds);
	return m;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* 1 if the model at path loads and predicts "market" for a chip story. */
static int loads_and_predicts(const char *path)
{
	nc_model *m = NULL;
	nc_prediction *p = NULL;
	static const char doc[] = "chip prices and memory sales at the foundry";
	int ok = nc_model_load(&m, path, NULL) == 0 && nc_prediction_new(&p, m) == 0 &&
		 nc_model_predict(p, m, doc, sizeof doc - 1, NULL) == 0 &&
		 strcmp(nc_model_label_name(m, nc_prediction_rank(p, 0)), "market") == 0;
	nc_prediction_free(p);
	nc_model_free(m);
	return ok;
}

static int count_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

static void remove_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[4096];
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp.")) {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
	closedir(d);
}

int main(int argc, char **argv)
{
	char dir[4096], path[4200], msg[256];
	nc_model *small, *big;
	long before;
	int i, status, interrupted = 0, kills_ok = 0;
	pid_t pid;

	snprintf(dir, sizeof dir, "%s/faultsXXXXXX", argc > 1 ? argv[1] : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/model.ncm", dir);
	small = make_model(0);
	big = make_model(1);
	check(small && big, "test models train");
	if (!small || !big)
		goto out;
	check(nc_model_save(small, path) == 0 && loads_and_predicts(path), "a saved model loads");
	before = file_size(path);

	/* a full disk: the child's writes fail past 4 KiB */
	signal(SIGXFSZ, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };
		int ok;
		setrlimit(RLIMIT_FSIZE, &rl);
		ok = nc_model_save(big, path) == NC_EIO && strstr(nc_last_error(), "cannot write");
		/* freed so that valgrind's leak check of the child passes
		 * whatever registers the compiler kept the pointers in */
		nc_model_free(small);
		nc_model_free(big);
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "full disk: save fails with NC_EIO");
	check(file_size(path) == before && loads_and_predicts(path), "full disk: the old model is intact");
	check(count_temp_files(dir) == 0, "full disk: no temporary file left");

	/* a failed rename: the target is a directory */
	{
		char d2[4300];
		snprintf(d2, sizeof d2, "%s/adir", dir);
		mkdir(d2, 0755);
		check(nc_model_save(small, d2) == NC_EIO, "target is a directory: NC_EIO");
		check(count_temp_files(dir) == 0, "target is a directory: no temporary file left");
		rmdir(d2);
	}
	/* a failed rename proper: the directory disappears under the save */
	{
		char d3[4300], p3[4400];
		snprintf(d3, sizeof d3, "%s/gone", dir);
		mkdir(d3, 0755);
		snprintf(p3, sizeof p3, "%s/sub/model.ncm", d3);
		check(nc_model_save(small, p3) == NC_EIO && strstr(nc_last_error(), "temporary"),
		      "missing directory: NC_EIO naming the temporary file");
		rmdir(d3);
	}
	/* only regular files are replaced (a FIFO stands in for a device such
	 * as /dev/full: if this check ever regressed, a test run as root
	 * must not replace a real device node) */
	{
		char fifo[4300];
		struct stat st;
		snprintf(fifo, sizeof fifo, "%s/fifo", dir);
		mkfifo(fifo, 0644);
		check(nc_model_save(small, fifo) == NC_EIO && strstr(nc_last_error(), "not a regular file"),
		      "a FIFO (non-regular target) is refused");
		check(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO is still a FIFO");
		unlink(fifo);
	}

	/* killed mid-save: whatever the moment, the target is a whole model.
	 * Odd tries kill after a random delay, which lands anywhere in the
	 * save loop (mostly in serialising and compressing, which happen
	 * before the temporary file exists). Even tries watch the directory
	 * and kill as soon as a temporary file appears, plus a random few
	 * microseconds, so that kills land inside the write, the fsync and
	 * the rename even where those are a small part of a save (valgrind
	 * slows the compression fifty-fold but not the disk). */
	srand((unsigned)time(NULL));
	for (i = 0; i < 300 && (i < 100 || interrupted < 20); i++) {
		int tmp_left;
		long waited_us = 0;
		pid = fork();
		if (pid == 0) {
			for (;;)
				nc_model_save(i % 2 ? big : small, path);
		}
		if (i % 2) {
			struct timespec ts = { 0, (long)(rand() % 40000) * 1000L };
			nanosleep(&ts, NULL);
			waited_us = ts.tv_nsec / 1000;
		} else {
			struct timespec tick = { 0, 20000L };
			struct timespec extra = { 0, (long)(rand() % 500) * 1000L };
			while (count_temp_files(dir) == 0 && waited_us < 5000000) {
				nanosleep(&tick, NULL);
				waited_us += 20;
			}
			nanosleep(&extra, NULL);
		}
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (!loads_and_predicts(path)) {
			snprintf(msg, sizeof msg, "SIGKILL after %ld us (%s): the model loads", waited_us,
				 i % 2 ? "random delay" : "temporary file seen");
			check(0, msg);
		} else {
			kills_ok++;
		}
		tmp_left = count_temp_files(dir);
		interrupted += tmp_left > 0;
		remove_temp_files(dir); /* a killed process cannot clean up */
	}
	snprintf(msg, sizeof msg, "after each of %d SIGKILLs the model loads", kills_ok);
	check(kills_ok == i, msg);
	/* proof that the kills landed inside saves, not between them */
	snprintf(msg, sizeof msg, "%d of %d kills interrupted a write in progress", interrupted, i);
	check(interrupted >= 20, msg);
out:
	nc_model_free(small);
	nc_model_free(big);
	unlink(path);
	remove_temp_files(dir);
	rmdir(dir);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
