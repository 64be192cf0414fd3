// A one-line progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise.

export class ProgressBar {
    private lastTenth = -1;

    constructor(
        private readonly write: (text: string) => void,
        private readonly isTty: boolean,
        private readonly label: string,
    ) {}

    update(done: number, total: number, item = ''): void {
        const fraction = total > 0 ? done / total : 1;
        if (this.isTty) {
            const width = 24;
            const filled = Math.round(fraction * width);
            this.write(
                `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${item}`
                    .slice(0, 120)
                    .padEnd(80),
            );
            return;
        }
        const tenth = Math.floor(fraction * 10);
        if (tenth !== this.lastTenth) {
            this.lastTenth = tenth;
            this.write(`${this.label}: ${done}/${total}\n`);
        }
    }

    finish(): void {
        if (this.isTty) this.write('\n');
    }
}
