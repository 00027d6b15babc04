import { describeStorageDriver } from "@/lib/registry/storage/driver-suite";
import { MemoryStorageDriver } from "@/lib/registry/storage/memory-driver";

describeStorageDriver("memory", async () => ({ driver: new MemoryStorageDriver(), cleanup: async () => {} }));
