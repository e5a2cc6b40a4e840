defmodule Journal do
  @moduledoc false
end
