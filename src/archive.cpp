bool entente_stub_archive = true;
