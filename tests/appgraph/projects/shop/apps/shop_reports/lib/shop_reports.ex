defmodule ShopReports do
  @moduledoc false
end
